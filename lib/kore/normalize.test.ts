import { describe, expect, it } from "vitest";
import { KoreError } from "./errors";
import { normalizeActivity, normalizeRosterPage } from "./normalize";

describe("normalizeActivity", () => {
  it("reads Kore.ai's PascalCase sample response", () => {
    const body = {
      accountId: "63fb9a0f90425b644d3exxxx",
      AgentUpdates: [{ AgentId: "a-59bb17e-0cae-46b0-8d80-a8a8ac34xxxx", EventTime: "10/20/2020 2:13:12", Activity: "notready", ReasonCode: "1" }],
    };
    expect(normalizeActivity(body, "UTC")).toMatchObject({
      events: [{ agentId: "a-59bb17e-0cae-46b0-8d80-a8a8ac34xxxx", time: Date.parse("2020-10-20T02:13:12Z"), activity: "notready", reasonCode: "1" }],
      skipped: {},
      skippedTotal: 0,
      rowCount: 1,
      envelope: { updatesKey: "AgentUpdates", unknownKeys: [], hasMore: null, totalCount: null },
      forms: { slashed: 1 },
    });
  });

  it("reads the camelCase of the field table, and a mix of both", () => {
    const body = {
      accountId: "x",
      agentUpdates: [
        { agentId: "a-1", eventTime: "10/20/2020 2:13:12", activity: "ready", reasonCode: "" },
        { AgentId: "a-2", eventTime: "10/20/2020 2:13:13", Activity: "busy", reasonCode: null },
      ],
    };
    const { events } = normalizeActivity(body, "UTC");
    expect(events.map((e) => [e.agentId, e.activity, e.reasonCode])).toEqual([
      ["a-1", "ready", null],
      ["a-2", "busy", null],
    ]);
  });

  it("reads field names in any case, in the envelope and in the rows", () => {
    const body = {
      ACCOUNTID: "x",
      agentupdates: [
        { AgentID: "a-1", EVENTTIME: "10/20/2020 2:13:12", activity: "ready", reasoncode: "4" },
        { agentid: "a-2", eventtime: "10/20/2020 2:13:13", ACTIVITY: "busy" },
      ],
    };
    const result = normalizeActivity(body, "UTC");
    expect(result.events.map((e) => [e.agentId, e.activity, e.reasonCode])).toEqual([
      ["a-1", "ready", "4"],
      ["a-2", "busy", null],
    ]);
    expect(result.envelope.updatesKey).toBe("agentupdates");
    expect(result.skippedTotal).toBe(0);
  });

  it("says what the envelope carries: unknown keys, hasMore and totalCount in any case", () => {
    const body = { accountId: "x", AgentUpdates: [], HasMore: true, totalcount: "5000", nextCursor: "abc" };
    expect(normalizeActivity(body, "UTC").envelope).toEqual({ updatesKey: "AgentUpdates", keys: ["accountId", "AgentUpdates", "HasMore", "totalcount", "nextCursor"], unknownKeys: ["nextCursor"], hasMore: true, totalCount: 5000 });
  });

  it("keeps one raw example of each kind of skipped row, and the first rows beside their instants", () => {
    const body = { AgentUpdates: [{ AgentId: "a", EventTime: "31/31/2026 0:00:00", Activity: "ready" }, { AgentId: "b", EventTime: "1/1/2026 0:00:00", Activity: "ready" }, null] };
    const result = normalizeActivity(body, "UTC", { from: Date.parse("2026-01-01T00:00:00Z"), to: Date.parse("2026-01-01T00:10:00Z") });
    expect(result.skipExamples).toEqual({ bad_event_time: '{"AgentId":"a","EventTime":"31/31/2026 0:00:00","Activity":"ready"}', not_an_object: "null" });
    expect(result.samples).toEqual([{ raw: '{"AgentId":"b","EventTime":"1/1/2026 0:00:00","Activity":"ready"}', time: Date.parse("2026-01-01T00:00:00Z") }]);
    // Both times as written, the unreadable one too: the checks read them again under other settings.
    expect(result.written.map((w) => w.written.form)).toEqual(["slashed", "slashed"]);
  });

  it("turns an empty or missing reason code into null and keeps numeric codes as text", () => {
    const body = {
      AgentUpdates: [
        { AgentId: "a", EventTime: "1/1/2026 0:00:00", Activity: "ready", ReasonCode: "  " },
        { AgentId: "a", EventTime: "1/1/2026 0:00:01", Activity: "ready" },
        { AgentId: "a", EventTime: "1/1/2026 0:00:02", Activity: "notready", ReasonCode: 7 },
      ],
    };
    expect(normalizeActivity(body, "UTC").events.map((e) => e.reasonCode)).toEqual([null, null, "7"]);
  });

  it("keeps an unknown activity exactly as sent", () => {
    const body = { AgentUpdates: [{ AgentId: "a", EventTime: "1/1/2026 0:00:00", Activity: "SystemAway_Custom", ReasonCode: "x" }] };
    expect(normalizeActivity(body, "UTC").events[0]!.activity).toBe("SystemAway_Custom");
  });

  it("reads EventTime in the configured zone", () => {
    const body = { AgentUpdates: [{ AgentId: "a", EventTime: "01/15/2026 9:00:00", Activity: "ready" }] };
    expect(normalizeActivity(body, "Asia/Kolkata").events[0]!.time).toBe(Date.parse("2026-01-15T03:30:00Z"));
  });

  it("skips and counts bad rows without losing the good ones", () => {
    const good = { AgentId: "a", EventTime: "1/1/2026 0:00:00", Activity: "ready" };
    const body = {
      AgentUpdates: [null, "row", 42, [], { EventTime: "1/1/2026 0:00:00", Activity: "ready" }, { AgentId: "b", EventTime: "1/1/2026 0:00:00" }, { AgentId: "c", EventTime: "31/31/2026 0:00:00", Activity: "ready" }, { AgentId: "d", EventTime: 5, Activity: "ready" }, good],
    };
    const result = normalizeActivity(body, "UTC");
    expect(result.events).toHaveLength(1);
    expect(result.skippedTotal).toBe(8);
    expect(result.skipped).toEqual({ not_an_object: 4, missing_agent_id: 1, missing_activity: 1, bad_event_time: 2 });
  });

  it("treats an account with no updates as an empty list", () => {
    expect(normalizeActivity({ accountId: "x" }, "UTC").events).toEqual([]);
    expect(normalizeActivity({ accountId: "x", AgentUpdates: [] }, "UTC").events).toEqual([]);
  });

  it("refuses a body of the wrong shape with a typed error", () => {
    for (const body of [null, [], "text", { status: "ok" }, { AgentUpdates: "nope" }]) {
      expect(() => normalizeActivity(body, "UTC")).toThrow(KoreError);
    }
    try {
      normalizeActivity({ status: "ok" }, "UTC");
    } catch (err) {
      expect((err as KoreError).kind).toBe("malformed");
    }
  });
});

describe("normalizeRosterPage", () => {
  it("reads the Agents API's plain array and counts every row for paging", () => {
    const page = normalizeRosterPage([
      { accountId: "x", agentId: "a-1", firstName: "Ada", lastName: "Lovelace" },
      { accountId: "x", agentId: "", firstName: "No", lastName: "Id" },
      { accountId: "x", agentId: "a-2", firstName: null },
      { accountId: "x", agentId: "a-3", firstName: "Bo", lastName: "Li", emailId: " Bo.Li@Example.com " },
      { accountId: "x", agentId: "a-4", firstName: "Cy", lastName: "Ng", emailId: "not an address" },
    ]);
    expect(page.agents).toEqual([
      { agentId: "a-1", firstName: "Ada", lastName: "Lovelace" },
      { agentId: "a-2", firstName: "", lastName: "" },
      { agentId: "a-3", firstName: "Bo", lastName: "Li", email: "bo.li@example.com" },
      { agentId: "a-4", firstName: "Cy", lastName: "Ng" },
    ]);
    expect(page.rowCount).toBe(5);
    expect(page.skippedTotal).toBe(1);
  });

  it("refuses a body that is no list of agents", () => {
    expect(() => normalizeRosterPage({ error: "x" })).toThrow(KoreError);
  });
});
