import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import type { DigestBody } from "./digest";
import { emailMessage, slackBody, teamsBody, type Message } from "./messages";

/**
 * What an agent's name, a team's name or a signed-in person's name can do inside an alert, as an
 * attacker who can name themselves would try it: each channel's text read the way its client
 * reads it (Teams' Adaptive Card text as Markdown with bare addresses linked, Slack's mrkdwn, a
 * mail client linking addresses in the plain text). Nothing may become a link but Floorview's own,
 * and every name must still read as it was written.
 */

const PHISH = "[Session expired – sign in](https://evil.example/)";
const HOSTILE_NAMES = [
  PHISH,
  "https://evil.example/login",
  "www.evil.example",
  "<https://evil.example>",
  "![x](https://evil.example/pixel.png)",
  "**URGENT** _call_ ~now~ `code`",
  "<!channel> <@U123> <https://evil.example|click>",
  "Ann \\[x\\](https://evil.example)",
  "[a][r]\n\n[r]: https://evil.example",
];
const LINK = "https://floorview.example/agents/a-1?window=4h";
const md = new MarkdownIt({ linkify: true });
const ZWSP = /\u200B/g;

function message(name: string, extra: Partial<Message> = {}): Message {
  return {
    id: "d-1",
    rule: "Past alert",
    phase: "raised",
    occurrence: { key: "k", kind: "threshold", type: "alert", agentId: "a-1", name, team: name, title: `${name}: Not ready · Break past alert (20 min)`, detail: `${name} has been on Break for 21 min.`, since: Date.parse("2026-12-01T14:05:00Z"), path: "/agents/a-1?window=4h" },
    at: Date.parse("2026-12-01T14:26:00Z"),
    publicUrl: "https://floorview.example",
    ...extra,
  };
}

function digest(name: string): DigestBody {
  return {
    name: "Daily digest",
    team: name,
    from: Date.parse("2026-11-30T06:00:00Z"),
    to: Date.parse("2026-12-01T06:00:00Z"),
    zone: "Europe/Berlin",
    complete: true,
    agents: 2,
    loggedInSeconds: 3600,
    states: [{ label: name, family: "ready", seconds: 3600 }],
    reasons: [{ label: name, seconds: 60 }],
    adherence: null,
    overBudget: [{ agentId: "a-1", name, category: name, usedSeconds: 900, budgetSeconds: 600 }],
    flags: [],
    alerts: [{ rule: name, count: 1 }],
    exceptions: [{ agentId: "a-1", name, what: name, at: Date.parse("2026-11-30T09:00:00Z"), seconds: 60 }],
    path: "/reports?team=x",
  };
}

/** Every text of an Adaptive Card that Teams renders as Markdown: TextBlocks and facts. */
function cardTexts(body: Record<string, unknown>): string[] {
  const content = (body.attachments as { content: { body: { type: string; text?: string; facts?: { title: string; value: string }[] }[] } }[])[0]!.content;
  return content.body.flatMap((b) => (b.type === "FactSet" ? b.facts!.flatMap((f) => [f.title, f.value]) : [b.text!]));
}

/** Rendered as Teams renders it: the links it makes, and the text a reader sees. */
function rendered(markdown: string) {
  const out = md.renderInline(markdown);
  const links = [...out.matchAll(/<(a|img)\b[^>]*>/g)].map((m) => m[0]);
  const text = out.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(ZWSP, "");
  return { links, text };
}

describe("a name cannot put a link into an alert", () => {
  it("Teams: no Markdown of a name becomes a link, an image or emphasis, and the name reads as written", () => {
    for (const name of HOSTILE_NAMES) {
      for (const m of [message(name), message(name, { phase: "test", rule: "test" }), message(name, { phase: "digest", digest: digest(name) })]) {
        const texts = cardTexts(teamsBody(m));
        expect(texts.some((t) => rendered(t).text.includes(name.split("\n")[0]!)), name).toBe(true);
        for (const t of texts) {
          const r = rendered(t);
          expect(r.links, `${JSON.stringify(name)} in ${JSON.stringify(t)}`).toEqual([]);
          expect(md.renderInline(t), JSON.stringify(t)).not.toMatch(/<(strong|em|s|code)>/);
        }
      }
      // The card's own button still opens Floorview.
      expect(JSON.stringify(teamsBody(message(name)))).toContain(`"url":"${LINK}"`);
    }
  });

  it("Slack: no <…> link or mention and no bare address a client would link; the name reads as written", () => {
    const linkify = md.linkify;
    for (const name of HOSTILE_NAMES) {
      const body = slackBody(message(name));
      const texts = [body.text as string, ...JSON.stringify(body.blocks).matchAll(/"text":"((?:[^"\\]|\\.)*)"/g)].map((t) => (typeof t === "string" ? t : (JSON.parse(`"${t[1]}"`) as string)));
      for (const t of texts) {
        expect(t, JSON.stringify(t)).not.toMatch(/<[^>]*>/);
        expect(linkify.match(t.replace(/&lt;|&gt;|&amp;/g, " ")) ?? [], JSON.stringify(t)).toEqual([]);
      }
      const shown = (body.text as string).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(ZWSP, "");
      expect(shown, name).toContain(name.split("\n")[0]!);
    }
  });

  it("E-mail: the plain text links nothing but Floorview's own address; the HTML escapes every name", () => {
    for (const name of HOSTILE_NAMES) {
      for (const m of [message(name), message(name, { phase: "digest", digest: digest(name) })]) {
        const mail = emailMessage(m);
        const found = (md.linkify.match(mail.text) ?? []).map((l) => l.url);
        expect(found.every((u) => u.startsWith("https://floorview.example/")), `${JSON.stringify(name)}: ${found.join(" ")}`).toBe(true);
        expect(mail.text.replace(ZWSP, "")).toContain(name.split("\n")[0]!);
        expect([...mail.html.matchAll(/<a\b[^>]*href="([^"]*)"/g)].map((a) => a[1]!.replace(/&amp;/g, "&")).every((u) => u.startsWith("https://floorview.example/"))).toBe(true);
        expect(mail.html).not.toContain("<https");
      }
    }
  });
});

describe("times of day in a message", () => {
  it("are on the floor's clock and name its zone, as the digests say them; UTC without one", () => {
    // 14:05 UTC is 15:05 in Berlin in December.
    for (const text of [emailMessage(message("Ana", { zone: "Europe/Berlin" })).text, JSON.stringify(slackBody(message("Ana", { zone: "Europe/Berlin" }))), JSON.stringify(teamsBody(message("Ana", { zone: "Europe/Berlin" })))]) {
      expect(text).toContain("15:05 CET");
      expect(text).not.toContain("14:05 UTC");
    }
    expect(emailMessage(message("Ana", { zone: "Asia/Kolkata" })).text).toContain("19:35 GMT+5:30");
    expect(emailMessage(message("Ana")).text).toContain("14:05 UTC");
  });
});
