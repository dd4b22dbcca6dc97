import { describe, expect, it } from "vitest";
import type { AgentSnapshot } from "@/lib/api-types";
import { keepSame, keepSameItems, sameJson } from "./keep-same";

const flag = (start: string, active = true) => ({ rule: "long_acw", name: "Long after-call work", why: "After-call work of 2 min 26 s", start, end: null, raisedAt: start, clearedAt: null, active, reasonCode: null, count: null, limit: 90, limitSeconds: 140 });
/** As a poll's answer arrives: new objects, whatever they hold. */
const fresh = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe("a poll's keyed answer against the last", () => {
  it("JSON values are equal exactly when every key, item and value is", () => {
    expect(sameJson(flag("09:00"), fresh(flag("09:00")))).toBe(true);
    expect(sameJson(flag("09:00"), flag("09:01"))).toBe(false);
    expect(sameJson({ a: 1, b: null }, { a: 1 })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson([1, 2], [1, 2, 3])).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson({ a: [{ b: "x" }] }, { a: [{ b: "x" }] })).toBe(true);
    expect(sameJson(0, null)).toBe(false);
  });

  it("an agent whose entry did not change keeps its object (its row is not drawn again); a changed one is the new", () => {
    const before = { a: [flag("09:00")], b: [flag("09:10")] };
    const next = fresh({ a: [flag("09:00")], b: [flag("09:10", false)] });
    const kept = keepSame(before, next);
    expect(kept.a).toBe(before.a);
    expect(kept.b).not.toBe(before.b);
    expect(kept.b![0]!.active).toBe(false);
  });

  it("nothing changed: the last answer's record itself; an agent added or gone: a new record", () => {
    const before = { a: [flag("09:00")], b: [flag("09:10")] };
    expect(keepSame(before, fresh(before))).toBe(before);
    const gone = keepSame(before, fresh({ a: before.a }));
    expect(gone).not.toBe(before);
    expect(Object.keys(gone)).toEqual(["a"]);
    expect(gone.a).toBe(before.a);
    const added = keepSame(before, fresh({ ...before, c: [flag("10:00")] }));
    expect(Object.keys(added)).toEqual(["a", "b", "c"]);
    expect(added.b).toBe(before.b);
    expect(keepSame(undefined, fresh(before))).toEqual(before);
  });
});

const agent = (id: string, activity: string, since = "2026-12-06T09:00:00.000Z"): AgentSnapshot => ({ agentId: id, name: `Agent ${id}`, activity, reasonCode: null, since, lastEventAt: since, team: "Sales" });
/** As a poll's answer arrives: new objects, whatever they hold. */
const copies = (list: AgentSnapshot[]) => list.map((a) => ({ ...a }));
const byId = (a: AgentSnapshot) => a.agentId;

describe("a poll's agents against the last poll's", () => {
  it("an agent that did not change is the same object (its row is not rendered again); one that changed is the new one", () => {
    const before = [agent("a", "ready"), agent("b", "busy"), agent("c", "notready")];
    const next = copies([agent("a", "ready"), agent("b", "acw", "2026-12-06T09:05:00.000Z"), agent("c", "notready")]);
    const kept = keepSameItems(before, next, byId);
    expect(kept[0]).toBe(before[0]);
    expect(kept[1]).not.toBe(before[1]);
    expect(kept[1]).toEqual(agent("b", "acw", "2026-12-06T09:05:00.000Z"));
    expect(kept[2]).toBe(before[2]);
  });

  it("every field counts, one the answer gains later too: a new state, name, reason, team or event time is a change", () => {
    const before = [agent("a", "notready")];
    for (const change of [{ activity: "busy" }, { extension: "a field /api/agents may add" }, { name: "Ada" }, { reasonCode: "3" }, { team: "Billing" }, { lastEventAt: "2026-12-06T09:01:00.000Z" }, { since: "2026-12-06T09:01:00.000Z" }]) {
      const kept = keepSameItems(before, [{ ...before[0]!, ...change }], byId);
      expect(kept[0], JSON.stringify(change)).not.toBe(before[0]);
      expect(kept[0]).toMatchObject(change);
    }
  });

  it("nothing changed: the last poll's list itself; an agent gone, added or moved: a new list, the unchanged agents kept", () => {
    const before = [agent("a", "ready"), agent("b", "busy")];
    expect(keepSameItems(before, copies(before), byId)).toBe(before);
    const moved = keepSameItems(before, copies([before[1]!, before[0]!]), byId);
    expect(moved).not.toBe(before);
    expect(moved[0]).toBe(before[1]);
    const grown = keepSameItems(before, copies([...before, agent("c", "ready")]), byId);
    expect(grown).toHaveLength(3);
    expect(grown[1]).toBe(before[1]);
    expect(keepSameItems(before, copies([before[0]!]), byId)).toEqual([before[0]]);
    expect(keepSameItems(undefined, copies(before), byId)).toEqual(before);
  });
});
