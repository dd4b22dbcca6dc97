import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isQuiet, parseAlertsConfig, secretValue, type AlertsConfigError } from "./config";
import { emailMessage, signature, slackBody, teamsBody, webhookBody, type Message } from "./messages";

const good = {
  channels: {
    hook: { type: "webhook", url: "https://ops.example.test/hook", secret: "env:HOOK_SECRET" },
    slack: { type: "slack", url: "env:SLACK_URL" },
    mail: { type: "email", to: ["a@example.test"] },
  },
  smtp: { url: "env:SMTP_URL", from: "Floorview <f@example.test>" },
  rules: [
    { name: "Past alert", when: { threshold: "alert" }, channels: ["slack", "mail"] },
    { name: "Late", when: { adherence: ["late"] }, teams: ["billing"], channels: ["hook"], cooldown: "30m", quiet: { from: "22:00", to: "07:00", zone: "Europe/Berlin" }, resolved: false },
    { name: "Down", when: { upstream: "5m" }, channels: ["hook"] },
  ],
};

const problems = (config: unknown, teams = ["Billing"]) => {
  try {
    parseAlertsConfig(JSON.stringify(config), teams);
  } catch (err) {
    return (err as AlertsConfigError).problems;
  }
  return [];
};

describe("the alerts config", () => {
  it("reads rules, channels and secrets from the environment, with defaults", () => {
    const c = parseAlertsConfig(JSON.stringify(good), ["Billing"]);
    expect(c.rules[0]).toEqual({ name: "Past alert", when: { kind: "threshold", level: "alert" }, teams: null, agents: null, channels: ["slack", "mail"], cooldownMs: 600_000, quiet: null, resolved: true });
    expect(c.rules[1]).toMatchObject({ when: { kind: "adherence", types: ["late"] }, teams: ["billing"], cooldownMs: 1_800_000, quiet: { from: 22 * 60, to: 7 * 60, zone: "Europe/Berlin" }, resolved: false });
    expect(c.rules[2]!.when).toEqual({ kind: "upstream", afterMs: 300_000 });
    expect(c.channels.slack).toEqual({ type: "slack", url: { env: "SLACK_URL" } });
    expect(secretValue({ env: "SLACK_URL" }, { SLACK_URL: "https://hooks.slack.test/x" })).toBe("https://hooks.slack.test/x");
    expect(secretValue({ env: "SLACK_URL" }, {})).toBeNull();
  });

  it("reads an understaffed rule with its defaults (two quarter hours), and names what is wrong in one", () => {
    const rules = [
      { name: "Short", when: { understaffed: { by: 2 } }, channels: ["hook"] },
      { name: "Short hours", when: { understaffed: { by: 1.5, intervals: 3, interval: "1h" } }, teams: ["Billing"], channels: ["hook"] },
    ];
    const c = parseAlertsConfig(JSON.stringify({ ...good, rules }), ["Billing"]);
    expect(c.rules.map((r) => r.when)).toEqual([
      { kind: "understaffed", by: 2, intervals: 2, interval: "15m" },
      { kind: "understaffed", by: 1.5, intervals: 3, interval: "1h" },
    ]);
    const bad = [{ name: "Bad", when: { understaffed: { by: -1, intervals: 0.5, interval: "5m", extra: 1 } }, channels: ["hook"] }];
    expect(problems({ ...good, rules: bad })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rules\.0\.when\.understaffed\.by: must be more than 0/),
        expect.stringMatching(/^rules\.0\.when\.understaffed\.intervals: must be a whole number/),
        expect.stringMatching(/^rules\.0\.when\.understaffed\.interval: must be one of 15m, 30m, 1h/),
      ]),
    );
  });

  it("names every mistake with its place", () => {
    expect(
      problems({
        channels: { hook: { type: "webhook", url: "ftp://x" }, pager: { type: "pager" }, mail: { type: "email", to: ["not an address"] } },
        rules: [{ name: "x", when: { threshold: "red", upstream: "5m" }, channels: [] }],
      }),
    ).toEqual(
      expect.arrayContaining([
        "channels.hook.url: must be an http(s) URL, or env:NAME",
        "channels.hook.secret: Invalid input: expected string, received undefined",
        expect.stringMatching(/^channels\.pager\.type: /),
        "channels.mail.to.0: must be an e-mail address",
        "rules.0.when.threshold: must be warn or alert",
        "rules.0.channels: name at least one channel",
      ]),
    );
    expect(problems({ ...good, rules: [{ name: "x", when: { threshold: "warn", upstream: "5m" }, channels: ["slack"] }] })).toEqual(["rules.0.when: give exactly one of threshold, adherence, breaks, flags, upstream, store, understaffed"]);
    expect(problems({ ...good, rules: [{ name: "x", when: { threshold: "warn" }, channels: ["pager"], teams: ["Ghosts"] }] })).toEqual(['rules.0.channels: no channel "pager" in "channels"', 'rules.0.teams: no team "Ghosts" in the labels config']);
    expect(problems({ ...good, smtp: undefined })).toEqual(['smtp: an email channel needs "smtp": { "url", "from" }']);
    // A name every object inherits is no channel.
    for (const inherited of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expect(problems({ ...good, rules: [{ name: "x", when: { threshold: "warn" }, channels: [inherited] }] }), inherited).toEqual([`rules.0.channels: no channel "${inherited}" in "channels"`]);
    }
    expect(problems({ ...good, rules: [{ ...good.rules[1], quiet: { from: "25:00", to: "07:00", zone: "Mars/Base" } }] })).toEqual(["rules.0.quiet.from: must be a time of day such as 22:00", "rules.0.quiet.zone: must be an IANA time zone such as Europe/Berlin"]);
    expect(problems([])).toHaveLength(1);
    expect(() => parseAlertsConfig("{", [])).toThrow(/not valid JSON/);
  });

  it("refuses a hostile config with a problem named by its place, never a crash: other schemes, a weak key, control characters, endless durations, inherited names, deep nesting", () => {
    const hook = (over: Record<string, unknown>) => ({ ...good, channels: { ...good.channels, hook: { type: "webhook", url: "https://ops.example.test/hook", secret: "env:HOOK_SECRET", ...over } } });
    const cases: [unknown, string][] = [
      [hook({ url: "file:///etc/passwd" }), "channels.hook.url: must be an http(s) URL, or env:NAME"],
      [hook({ url: "javascript:alert(1)" }), "channels.hook.url: must be an http(s) URL, or env:NAME"],
      [hook({ url: "https://ops.example.test/a b" }), "channels.hook.url: must be an http(s) URL, or env:NAME"],
      [hook({ url: "env:../../etc/passwd" }), "channels.hook.url: env: must name an environment variable such as env:SLACK_WEBHOOK_URL"],
      [hook({ secret: "abc" }), "channels.hook.secret: must be at least 16 characters (e.g. openssl rand -hex 16), or env:NAME"],
      [{ ...good, rules: [{ ...good.rules[0], name: "Past\nalert\r\nBcc: evil@example.test" }] }, "rules.0.name: must not hold control characters"],
      [{ ...good, rules: [{ ...good.rules[0], cooldown: "99999999999h" }] }, "rules.0.cooldown: must be at most 7 days (168h)"],
      [{ ...good, rules: [{ ...good.rules[0], name: "x".repeat(5_000) }] }, "rules.0.name: must be at most 80 characters"],
      [{ ...good, rules: [{ ...good.rules[0], channels: ["__proto__"] }] }, 'rules.0.channels: no channel "__proto__" in "channels"'],
      [{ ...good, rules: [{ ...good.rules[0], teams: ["<img src=x onerror=alert(1)>"] }] }, 'rules.0.teams: no team "<img src=x onerror=alert(1)>" in the labels config'],
    ];
    for (const [config, problem] of cases) expect(problems(config), problem).toContain(problem);
    expect(() => parseAlertsConfig(`${"[".repeat(10_000)}${"]".repeat(10_000)}`, [])).toThrow(/expected object/);
    expect(() => parseAlertsConfig(`{"channels":{"__proto__":{"type":"webhook"}}`, [])).toThrow(/not valid JSON/);
  });

  it("tells quiet hours across midnight in their zone", () => {
    const q = { from: 22 * 60, to: 7 * 60, zone: "Europe/Berlin" };
    expect(isQuiet(q, Date.parse("2026-12-07T22:30:00Z"))).toBe(true); // 23:30 in Berlin
    expect(isQuiet(q, Date.parse("2026-12-07T05:59:00Z"))).toBe(true); // 06:59
    expect(isQuiet(q, Date.parse("2026-12-07T06:00:00Z"))).toBe(false); // 07:00
    expect(isQuiet(q, Date.parse("2026-12-07T20:59:00Z"))).toBe(false); // 21:59
    expect(isQuiet({ from: 9 * 60, to: 17 * 60, zone: "UTC" }, Date.parse("2026-12-07T12:00:00Z"))).toBe(true);
    expect(isQuiet(null, Date.now())).toBe(false);
  });
});

describe("the messages", () => {
  const m: Message = {
    id: "Past alert|threshold:alert:a-1:1|slack|raised",
    rule: "Past alert",
    phase: "raised",
    at: Date.parse("2026-12-07T14:02:00Z"),
    publicUrl: "https://floorview.example.test/",
    occurrence: { key: "threshold:alert:a-1:1", kind: "threshold", type: "alert", agentId: "a-1", name: "Ana <Ops> & Co", team: "Billing", title: "Ana <Ops> & Co: Not ready · Break, past alert (20 min)", detail: "On a break since 13:42 UTC.", since: Date.parse("2026-12-07T14:02:00Z"), path: "/agents/a-1?window=custom" },
  };

  it("sign the webhook's body so a receiver can check it: HMAC-SHA256 of the timestamp, a dot and the body", () => {
    const body = JSON.stringify(webhookBody(m));
    expect(signature("s3cret", 1_765_116_120, body)).toBe(`sha256=${createHmac("sha256", "s3cret").update(`1765116120.${body}`).digest("hex")}`);
    expect(webhookBody(m)).toMatchObject({ id: m.id, phase: "raised", agent: { id: "a-1", name: "Ana <Ops> & Co", team: "Billing" }, since: "2026-12-07T14:02:00.000Z", url: "https://floorview.example.test/agents/a-1?window=custom" });
  });

  it("say who, what, since when, the team and the link on every channel, escaped where the channel needs it", () => {
    const slack = JSON.stringify(slackBody(m));
    expect(slack).toContain("Ana &lt;Ops&gt; &amp; Co");
    expect(slack).not.toContain("<Ops>");
    expect(slack).toContain("Billing");
    expect(slack).toContain("https://floorview.example.test/agents/a-1?window=custom");
    const card = teamsBody(m) as { attachments: { content: { body: { facts?: { title: string; value: string }[] }[]; actions: { url: string }[] } }[] };
    expect(card.attachments[0]!.content.body[2]!.facts).toEqual([
      // Markdown there: `<` and `>` escaped with a backslash (lib/alerts/messages.test.ts reads it as Teams does).
      { title: "Agent", value: "Ana \\<Ops\\> & Co (a-1)" },
      { title: "Team", value: "Billing" },
      { title: "Since", value: "14:02 UTC (2026-12-07T14:02:00.000Z)" },
      { title: "Rule", value: "Past alert" },
    ]);
    expect(card.attachments[0]!.content.actions[0]!.url).toBe("https://floorview.example.test/agents/a-1?window=custom");
    const mail = emailMessage({ ...m, phase: "resolved" });
    expect(mail.subject).toBe("[Floorview] Resolved: Ana <Ops> & Co: Not ready · Break, past alert (20 min)");
    expect(mail.text).toContain("Open: https://floorview.example.test/agents/a-1?window=custom");
    expect(mail.html).toContain("Ana &lt;Ops&gt; &amp; Co");
    expect(mail.html).not.toContain("<Ops>");
  });
});
