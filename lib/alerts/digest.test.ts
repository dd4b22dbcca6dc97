import { describe, expect, it } from "vitest";
import { parseAlertsConfig, type AlertsConfigError } from "./config";
import { digestDetail, digestSlot, nextDigestTime, type DigestBody } from "./digest";
import { digestSections, emailMessage, slackBody, teamsBody, webhookBody, type Message } from "./messages";

const HOUR = 3_600_000;
const at = (...hhmm: string[]) => hhmm.map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));

const config = (digests: unknown[]) =>
  JSON.stringify({ channels: { hook: { type: "webhook", url: "https://ops.example.test/hook", secret: "digest-test-secret-0123" } }, rules: [], digests });

const problems = (digests: unknown[]) => {
  try {
    parseAlertsConfig(config(digests), ["Billing"]);
  } catch (err) {
    return (err as AlertsConfigError).problems;
  }
  return [];
};

describe("digests in the alerts config", () => {
  it("reads one time or several, in order, and defaults to every team", () => {
    const c = parseAlertsConfig(config([{ name: "Daily", at: "07:00", zone: "Europe/Berlin", channels: ["hook"] }, { name: "Shifts", at: ["22:00", "06:00", "14:00", "06:00"], zone: "UTC", teams: ["Billing"], channels: ["hook"] }]), ["Billing"]);
    expect(c.digests).toEqual([
      { name: "Daily", at: [420], zone: "Europe/Berlin", teams: null, channels: ["hook"] },
      { name: "Shifts", at: at("06:00", "14:00", "22:00"), zone: "UTC", teams: ["Billing"], channels: ["hook"] },
    ]);
    // A file without digests has none.
    expect(parseAlertsConfig(config([]).replace(',"digests":[]', ""), []).digests).toEqual([]);
  });

  it("names every mistake with its place", () => {
    expect(
      problems([
        { name: "A", at: "7:00", zone: "Mars/Base", channels: ["pager"] },
        { name: "B", at: [], zone: "UTC", channels: ["hook"] },
      ]),
    ).toEqual(["digests.0.at: must be a time of day such as 22:00", "digests.0.zone: must be an IANA time zone such as Europe/Berlin", "digests.1.at: give at least one time"]);
    expect(problems([{ name: "A", at: "07:00", zone: "UTC", teams: ["Sales"], channels: ["pager"] }, { name: "a", at: "08:00", zone: "UTC", channels: ["hook"] }])).toEqual([
      'digests.0.channels: no channel "pager" in "channels"',
      'digests.0.teams: no team "Sales" in the labels config',
      'digests.1.name: another digest is called "a"',
    ]);
  });
});

describe("when a digest is due and what it covers", () => {
  it("once a day: the 24 hours before its time, the latest time at or before now", () => {
    const d = { at: at("07:00"), zone: "Europe/Berlin" };
    // 07:00 in Berlin is 06:00 UTC in winter.
    expect(digestSlot(d, Date.parse("2026-12-01T06:00:00Z"))).toEqual({ from: Date.parse("2026-11-30T06:00:00Z"), to: Date.parse("2026-12-01T06:00:00Z") });
    expect(digestSlot(d, Date.parse("2026-12-01T05:59:59Z"))).toEqual({ from: Date.parse("2026-11-29T06:00:00Z"), to: Date.parse("2026-11-30T06:00:00Z") });
    // The day the clocks go back is 25 hours long: its digest covers all of it.
    const autumn = digestSlot(d, Date.parse("2026-10-25T12:00:00Z"));
    expect(autumn).toEqual({ from: Date.parse("2026-10-24T05:00:00Z"), to: Date.parse("2026-10-25T06:00:00Z") });
    expect(autumn.to - autumn.from).toBe(25 * HOUR);
  });

  it("per shift: each covers the time since the one before, across midnight, without a gap or an overlap", () => {
    const d = { at: at("06:00", "14:00", "22:00"), zone: "UTC" };
    expect(digestSlot(d, Date.parse("2026-12-01T03:00:00Z"))).toEqual({ from: Date.parse("2026-11-30T14:00:00Z"), to: Date.parse("2026-11-30T22:00:00Z") });
    expect(digestSlot(d, Date.parse("2026-12-01T06:00:00Z"))).toEqual({ from: Date.parse("2026-11-30T22:00:00Z"), to: Date.parse("2026-12-01T06:00:00Z") });
    // A day of digests tiles the day.
    let covered = 0;
    let previous: { from: number; to: number } | null = null;
    for (let t = Date.parse("2026-12-01T00:00:00Z"); t < Date.parse("2026-12-02T00:00:00Z"); t += 60_000) {
      const slot = digestSlot(d, t);
      if (previous && slot.to !== previous.to) {
        expect(slot.from).toBe(previous.to);
        covered += slot.to - slot.from;
      }
      previous = slot;
    }
    expect(covered).toBe(24 * HOUR);
  });

  it("the next one (as /alerts shows it): the first time after now, tomorrow's after the last of today", () => {
    const shifts = { at: at("06:00", "14:00", "22:00"), zone: "UTC" };
    expect(nextDigestTime(shifts, Date.parse("2026-12-01T06:00:00Z"))).toBe(Date.parse("2026-12-01T14:00:00Z"));
    expect(nextDigestTime(shifts, Date.parse("2026-12-01T05:59:59Z"))).toBe(Date.parse("2026-12-01T06:00:00Z"));
    expect(nextDigestTime(shifts, Date.parse("2026-12-01T23:00:00Z"))).toBe(Date.parse("2026-12-02T06:00:00Z"));
    // Once a day in Berlin, across the night the clocks go back (the day before has 25 hours).
    const daily = { at: at("07:00"), zone: "Europe/Berlin" };
    expect(nextDigestTime(daily, Date.parse("2026-10-24T05:00:00Z"))).toBe(Date.parse("2026-10-25T06:00:00Z"));
    expect(nextDigestTime(daily, Date.parse("2026-10-24T04:59:59Z"))).toBe(Date.parse("2026-10-24T05:00:00Z"));
  });
});

const body: DigestBody = {
  name: "Daily digest",
  team: "Billing",
  from: Date.parse("2026-11-30T06:00:00Z"),
  to: Date.parse("2026-12-01T06:00:00Z"),
  zone: "Europe/Berlin",
  complete: false,
  agents: 3,
  loggedInSeconds: 3 * 8 * 3600,
  states: [
    { label: "On a call", family: "busy", seconds: 12 * 3600 },
    { label: "Ready", family: "ready", seconds: 6 * 3600 },
    { label: "Not ready", family: "notready", seconds: 6 * 3600 },
  ],
  reasons: [{ label: "Lunch <long>", seconds: 3 * 3600 }],
  adherence: { percent: 91.25, agents: 3, scheduledSeconds: 24 * 3600, unknownSeconds: 0, exceptions: [{ type: "late", label: "Late", count: 2 }] },
  overBudget: [{ agentId: "a-1", name: "Amara Adeyemi", category: "break", usedSeconds: 2700, budgetSeconds: 1800 }],
  flags: [],
  alerts: [{ rule: "Past alert", count: 4 }],
  exceptions: [{ agentId: "a-1", name: "Amara Adeyemi", what: "Late", at: Date.parse("2026-11-30T07:05:00Z"), seconds: 720 }],
  path: "/reports?window=custom&team=Billing",
};
const message: Message = {
  id: "digest|Daily digest|Billing|2026-12-01T06:00:00.000Z|hook",
  rule: "Daily digest",
  phase: "digest",
  occurrence: { key: "digest|Daily digest|Billing|2026-12-01T06:00:00.000Z", kind: "digest", type: "Daily digest", agentId: null, name: null, team: "Billing", title: "Billing · Daily digest", detail: digestDetail(body), since: body.from, path: body.path },
  at: body.to + 60_000,
  publicUrl: "https://floorview.example.test/",
  digest: body,
};

describe("a digest as each channel carries it", () => {
  it("says the span in its zone, the numbers, the exceptions, and that part could not be read", () => {
    const sections = Object.fromEntries(digestSections(body).map((s) => [s.heading, s.lines]));
    expect(sections.Time).toEqual(["3 agents logged in, 24 h 00 min in all", "On a call: 12 h 00 min (50 %)", "Ready: 6 h 00 min (25 %)", "Not ready: 6 h 00 min (25 %)"]);
    expect(sections.Adherence).toEqual(["91.25 % over 24 h 00 min scheduled (3 agents)", "Late: 2"]);
    expect(sections["Break budgets"]).toEqual(["Amara Adeyemi: break 45 min of 30 min"]);
    expect(sections["Behaviour flags"]).toEqual(["None raised"]);
    // In Berlin's time (an hour ahead of UTC in winter).
    expect(sections["Worth a look"]).toEqual(["08:05 Amara Adeyemi: Late (12 min)"]);
    expect(sections.Note![0]).toMatch(/could not be read/);
    expect(digestDetail(body)).toBe("3 agents logged in · adherence 91.25 % · 2 adherence exceptions · 0 flags · 1 over a break budget · 4 alerts");
  });

  it("is a JSON digest for a webhook, blocks for Slack, an Adaptive Card for Teams, text and HTML by e-mail, each linking to the report", () => {
    const hook = webhookBody(message) as { kind: string; url: string; digest: { from: string; loggedInSeconds: number; exceptions: { at: string }[] } };
    expect(hook).toMatchObject({ kind: "digest", url: "https://floorview.example.test/reports?window=custom&team=Billing", digest: { from: "2026-11-30T06:00:00.000Z", loggedInSeconds: 86_400, exceptions: [{ at: "2026-11-30T07:05:00.000Z" }] } });
    const slack = slackBody(message) as { blocks: { type: string; text?: { text: string } }[] };
    expect(slack.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Billing · Daily digest" } });
    // Slack's own escaping: a label cannot break the markup.
    expect(slack.blocks.map((b) => b.text?.text ?? "").join("\n")).toContain("Lunch &lt;long&gt;: 3 h 00 min");
    const card = teamsBody(message) as { attachments: { content: { body: { text: string }[]; actions: { url: string }[] } }[] };
    expect(card.attachments[0]!.content.body[1]!.text).toBe("Mon 30 Nov, 07:00 – Tue 1 Dec, 07:00 (Europe/Berlin)");
    expect(card.attachments[0]!.content.actions[0]!.url).toBe("https://floorview.example.test/reports?window=custom&team=Billing");
    const mail = emailMessage(message);
    expect(mail.subject).toBe("[Floorview] Billing · Daily digest, Tue 1 Dec, 07:00");
    expect(mail.text).toContain("Adherence\n  91.25 % over 24 h 00 min scheduled (3 agents)");
    expect(mail.html).toContain("<li>Lunch &lt;long&gt;: 3 h 00 min</li>");
    expect(mail.html).toContain('<a href="https://floorview.example.test/reports?window=custom&amp;team=Billing">Open the report</a>');
  });
});
