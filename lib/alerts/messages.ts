import { createHmac } from "node:crypto";
import type { Condition } from "./config";

/**
 * An alert as each channel carries it. Every message says who, what, since when, the team, and
 * links to the agent's drill-down at the moment (or the grid). Pure: the sender does the I/O.
 */

/** One occurrence of a condition: raised once when it starts, resolved when it ends. */
export interface Occurrence {
  /** The condition and its subject and start: the same on every poll and every instance. */
  key: string;
  kind: Condition["kind"];
  /** What exactly: `alert`, `late`, `budget`, `rapid_toggle`, `down`, … */
  type: string;
  agentId: string | null;
  name: string | null;
  team: string | null;
  /** One line: "Amara Adeyemi: Not ready · Break past alert (20 min)". */
  title: string;
  /** Why, in a sentence or two. */
  detail: string;
  /** When the condition began (epoch ms). */
  since: number;
  /** The page to open, a path with its query ("/agents/a-1?window=custom&from=…&to=…"). */
  path: string;
}

export type Phase = "raised" | "resolved" | "test";

export interface Message {
  /** The delivery's idempotency key (a receiver may drop a repeat of it). */
  id: string;
  rule: string;
  phase: Phase;
  occurrence: Occurrence;
  /** When it was raised or resolved. */
  at: number;
  /** FLOORVIEW_PUBLIC_URL; without it, links are paths. */
  publicUrl: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
export const linkOf = (m: Message) => (m.publicUrl ? m.publicUrl.replace(/\/+$/, "") + m.occurrence.path : m.occurrence.path);

const headline = (m: Message) => (m.phase === "resolved" ? `Resolved: ${m.occurrence.title}` : m.phase === "test" ? `Test from Floorview: ${m.occurrence.title}` : m.occurrence.title);

/** A time in UTC that reads well in any channel ("14:02 UTC"); the link opens it in the reader's zone. */
const clock = (ms: number) => `${iso(ms).slice(11, 16)} UTC`;

const facts = (m: Message): [string, string][] => {
  const o = m.occurrence;
  return [
    ...(o.name || o.agentId ? ([["Agent", o.name ? `${o.name} (${o.agentId})` : o.agentId!]] as [string, string][]) : []),
    ...(o.team ? ([["Team", o.team]] as [string, string][]) : []),
    ["Since", `${clock(o.since)} (${iso(o.since)})`],
    ["Rule", m.rule],
  ];
};

/** The webhook's JSON body (documented in docs/alerts.md). */
export function webhookBody(m: Message): Record<string, unknown> {
  const o = m.occurrence;
  return {
    id: m.id,
    phase: m.phase,
    rule: m.rule,
    kind: o.kind,
    type: o.type,
    title: o.title,
    detail: o.detail,
    agent: o.agentId === null ? null : { id: o.agentId, name: o.name, team: o.team },
    team: o.team,
    since: iso(o.since),
    at: iso(m.at),
    url: linkOf(m),
  };
}

/**
 * `X-Floorview-Signature`: `sha256=` and the hex HMAC-SHA256, keyed with the channel's secret, of
 * the `X-Floorview-Timestamp` header's value (Unix seconds), a dot, and the raw body.
 */
export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A Slack incoming webhook's body: a plain `text` for notifications, blocks for the message. */
export function slackBody(m: Message): Record<string, unknown> {
  const link = linkOf(m);
  const text = `${headline(m)}. ${m.occurrence.detail}`;
  return {
    text: slackEscape(text),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${slackEscape(headline(m))}*\n${slackEscape(m.occurrence.detail)}` } },
      { type: "section", fields: facts(m).map(([k, v]) => ({ type: "mrkdwn", text: `*${k}*\n${slackEscape(v)}` })) },
      ...(/^https?:/.test(link) ? [{ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: m.occurrence.agentId ? "Open the timeline" : "Open Floorview" }, url: link }] }] : []),
    ],
  };
}

/** A Microsoft Teams incoming webhook's body: an Adaptive Card. */
export function teamsBody(m: Message): Record<string, unknown> {
  const link = linkOf(m);
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: headline(m), weight: "Bolder", size: "Medium", wrap: true, color: m.phase === "resolved" ? "Good" : "Attention" },
            { type: "TextBlock", text: m.occurrence.detail, wrap: true },
            { type: "FactSet", facts: facts(m).map(([title, value]) => ({ title, value })) },
          ],
          ...(/^https?:/.test(link) && { actions: [{ type: "Action.OpenUrl", title: m.occurrence.agentId ? "Open the timeline" : "Open Floorview", url: link }] }),
        },
      },
    ],
  };
}

const html = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** An e-mail: subject, plain text and HTML. */
export function emailMessage(m: Message): { subject: string; text: string; html: string } {
  const link = linkOf(m);
  const rows = facts(m);
  return {
    subject: `[Floorview] ${headline(m)}`,
    text: [headline(m), "", m.occurrence.detail, "", ...rows.map(([k, v]) => `${k}: ${v}`), "", `Open: ${link}`, "", "Sent by Floorview's alerts (FLOORVIEW_ALERTS_FILE)."].join("\n"),
    html: [
      `<p style="font:600 16px sans-serif">${html(headline(m))}</p>`,
      `<p style="font:14px sans-serif">${html(m.occurrence.detail)}</p>`,
      `<table style="font:14px sans-serif">${rows.map(([k, v]) => `<tr><th align="left" style="padding-right:12px">${html(k)}</th><td>${html(v)}</td></tr>`).join("")}</table>`,
      `<p style="font:14px sans-serif"><a href="${html(link)}">${m.occurrence.agentId ? "Open the timeline" : "Open Floorview"}</a></p>`,
    ].join("\n"),
  };
}

/** A duration as a message says it: "45 s", "12 min", "1 h 05 min". */
export function spanText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}
