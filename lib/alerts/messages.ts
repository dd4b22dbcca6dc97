import "server-only";
import { createHmac } from "node:crypto";
import type { Condition } from "./config";
import { clockIn, clockNamed, wallClock } from "@/lib/time/clock";
import { spanText } from "@/lib/time/span";
import type { DigestBody } from "./digest";

/**
 * An alert as each channel carries it. Every message says who, what, since when, the team, and
 * links to the agent's drill-down at the moment (or the grid). Pure: the sender does the I/O.
 */

/** One occurrence of a condition: raised once when it starts, resolved when it ends. */
export interface Occurrence {
  /** The condition and its subject and start: the same on every poll and every instance, another for the next episode. */
  key: string;
  /** For a condition whose start Floorview marks itself (Kore.ai or the store down, a team over a cap): the key without it. */
  episode?: string;
  kind: Condition["kind"] | "digest";
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

export type Phase = "raised" | "resolved" | "test" | "digest";

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
  /** The floor's zone (FLOORVIEW_TIMEZONE): the times of day the message says (UTC without it). */
  zone?: string;
  /** A digest's content (phase `digest`): the occurrence then names it and links to the report. */
  digest?: DigestBody;
  /** The occurrence's key in the store, for the "Acknowledge" link of a raised alert. */
  occurrenceKey?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const linkOf = (m: Message) => (m.publicUrl ? m.publicUrl.replace(/\/+$/, "") + m.occurrence.path : m.occurrence.path);
/** Where a raised alert is acknowledged: the alerts page, that alert's form open (null for other phases). */
export const ackLinkOf = (m: Message): string | null => {
  if (m.phase !== "raised" || !m.occurrenceKey) return null;
  const path = `/alerts?ack=${encodeURIComponent(m.occurrenceKey)}`;
  return m.publicUrl ? m.publicUrl.replace(/\/+$/, "") + path : path;
};

const headline = (m: Message) => (m.phase === "resolved" ? `Resolved: ${m.occurrence.title}` : m.phase === "test" ? `Test from Floorview: ${m.occurrence.title}` : m.occurrence.title);


const facts = (m: Message): [string, string][] => {
  const o = m.occurrence;
  return [
    ...(o.name || o.agentId ? ([["Agent", o.name ? `${o.name} (${o.agentId})` : o.agentId!]] as [string, string][]) : []),
    ...(o.team ? ([["Team", o.team]] as [string, string][]) : []),
    // On the floor's clock, named ("14:02 CET"), as the digests say times; the link opens it in the reader's zone.
    ["Since", `${clockNamed(o.since, m.zone ?? "UTC")} (${iso(o.since)})`],
    ["Rule", m.rule],
  ];
};

/** The webhook's JSON body (documented in docs/alerts.md). */
export function webhookBody(m: Message): Record<string, unknown> {
  const o = m.occurrence;
  if (m.digest) {
    // The report's address is `url`, in full.
    const { from, to, exceptions, path, ...numbers } = m.digest;
    return { id: m.id, phase: m.phase, kind: "digest", title: o.title, detail: o.detail, team: o.team, digest: { ...numbers, from: iso(from), to: iso(to), exceptions: exceptions.map((e) => ({ ...e, at: iso(e.at) })) }, at: iso(m.at), url: linkOf(m) };
  }
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
    ...(ackLinkOf(m) && { ackUrl: ackLinkOf(m) }),
  };
}

/**
 * `X-Floorview-Signature`: `sha256=` and the hex HMAC-SHA256, keyed with the channel's secret, of
 * the `X-Floorview-Timestamp` header's value (Unix seconds), a dot, and the raw body.
 */
export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * What a chat or mail client would turn into a link by itself (a bare `https://…`, `www.…`),
 * broken with an invisible zero-width space: an agent named `https://evil.example/login` reads
 * the same and links nowhere. For everything a message carries that Floorview did not write
 * itself (names, teams, reasons); never for Floorview's own link.
 */
const unlinked = (s: string) => s.replace(/:\/\//g, ":\u200B//").replace(/\b(www)\./gi, "$1\u200B.");

/** Slack's mrkdwn: `<…>` makes links and mentions (`<!channel>`), so `& < >` are escaped as Slack asks. */
const slackEscape = (s: string) => unlinked(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * An Adaptive Card's TextBlocks and facts are Markdown: an agent named
 * `[Session expired – sign in](https://evil.example/)` would be a link in every alert about them.
 * Every character Markdown gives a meaning to here is escaped with a backslash (links, emphasis,
 * code, autolinks), and bare addresses are broken as above. Floorview writes no Markdown of its
 * own into a card.
 */
const teamsText = (s: string) => unlinked(s).replace(/[\\`*_~[\]<>]/g, "\\$&");

/** A Slack incoming webhook's body: a plain `text` for notifications, blocks for the message. */
export function slackBody(m: Message): Record<string, unknown> {
  const link = linkOf(m);
  if (m.digest) {
    return {
      text: slackEscape(`${m.occurrence.title}: ${m.occurrence.detail}`),
      blocks: [
        { type: "header", text: { type: "plain_text", text: unlinked(m.occurrence.title).slice(0, 150) } },
        { type: "context", elements: [{ type: "mrkdwn", text: slackEscape(digestSpan(m.digest)) }] },
        ...digestSections(m.digest).map((sec) => ({ type: "section", text: { type: "mrkdwn", text: `*${slackEscape(sec.heading)}*\n${sec.lines.map((l) => `• ${slackEscape(l)}`).join("\n")}`.slice(0, 3000) } })),
        ...(/^https?:/.test(link) ? [{ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the report" }, url: link }] }] : []),
      ],
    };
  }
  const text = `${headline(m)}. ${m.occurrence.detail}`;
  return {
    text: slackEscape(text),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${slackEscape(headline(m))}*\n${slackEscape(m.occurrence.detail)}` } },
      { type: "section", fields: facts(m).map(([k, v]) => ({ type: "mrkdwn", text: `*${k}*\n${slackEscape(v)}` })) },
      ...(/^https?:/.test(link) ? [{ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: m.occurrence.agentId ? "Open the timeline" : "Open Floorview" }, url: link }, ...(ackLinkOf(m) ? [{ type: "button", text: { type: "plain_text", text: "Acknowledge" }, url: ackLinkOf(m) }] : [])] }] : []),
    ],
  };
}

/** A Microsoft Teams incoming webhook's body: an Adaptive Card. */
export function teamsBody(m: Message): Record<string, unknown> {
  const link = linkOf(m);
  const body = m.digest
    ? [
        { type: "TextBlock", text: teamsText(m.occurrence.title), weight: "Bolder", size: "Medium", wrap: true },
        { type: "TextBlock", text: teamsText(digestSpan(m.digest)), isSubtle: true, spacing: "None", wrap: true },
        ...digestSections(m.digest).flatMap((sec) => [
          { type: "TextBlock", text: teamsText(sec.heading), weight: "Bolder", spacing: "Medium", wrap: true },
          ...sec.lines.map((l) => ({ type: "TextBlock", text: teamsText(l), spacing: "None", wrap: true })),
        ]),
      ]
    : [
        { type: "TextBlock", text: teamsText(headline(m)), weight: "Bolder", size: "Medium", wrap: true, color: m.phase === "resolved" ? "Good" : "Attention" },
        { type: "TextBlock", text: teamsText(m.occurrence.detail), wrap: true },
        { type: "FactSet", facts: facts(m).map(([title, value]) => ({ title: teamsText(title), value: teamsText(value) })) },
      ];
  const action = m.digest ? "Open the report" : m.occurrence.agentId ? "Open the timeline" : "Open Floorview";
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
          body,
          ...(/^https?:/.test(link) && { actions: [{ type: "Action.OpenUrl", title: action, url: link }, ...(ackLinkOf(m) ? [{ type: "Action.OpenUrl", title: "Acknowledge", url: ackLinkOf(m) }] : [])] }),
        },
      },
    ],
  };
}

const attr = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
/** Text in the HTML part: escaped, and bare addresses broken (mail clients link them too). */
const html = (s: string) => attr(unlinked(s));

/** An e-mail: subject, plain text and HTML. */
export function emailMessage(m: Message): { subject: string; text: string; html: string } {
  const link = linkOf(m);
  if (m.digest) {
    const sections = digestSections(m.digest);
    return {
      subject: `[Floorview] ${unlinked(m.occurrence.title)}, ${wallClock(m.digest.to, m.digest.zone)}`,
      text: [unlinked(m.occurrence.title), digestSpan(m.digest), "", ...sections.flatMap((sec) => [unlinked(sec.heading), ...sec.lines.map((l) => `  ${unlinked(l)}`), ""]), `Open the report: ${link}`, "", "Sent by Floorview's alerts (FLOORVIEW_ALERTS_FILE)."].join("\n"),
      html: [
        `<p style="font:600 16px sans-serif;margin-bottom:0">${html(m.occurrence.title)}</p>`,
        `<p style="font:13px sans-serif;color:#555;margin-top:2px">${html(digestSpan(m.digest))}</p>`,
        ...sections.map((sec) => `<p style="font:600 14px sans-serif;margin-bottom:2px">${html(sec.heading)}</p><ul style="font:14px sans-serif;margin-top:0">${sec.lines.map((l) => `<li>${html(l)}</li>`).join("")}</ul>`),
        `<p style="font:14px sans-serif"><a href="${attr(link)}">Open the report</a></p>`,
      ].join("\n"),
    };
  }
  const rows = facts(m);
  return {
    subject: `[Floorview] ${unlinked(headline(m))}`,
    text: [unlinked(headline(m)), "", unlinked(m.occurrence.detail), "", ...rows.map(([k, v]) => `${k}: ${unlinked(v)}`), "", `Open: ${link}`, ...(ackLinkOf(m) ? [`Acknowledge: ${ackLinkOf(m)}`] : []), "", "Sent by Floorview's alerts (FLOORVIEW_ALERTS_FILE)."].join("\n"),
    html: [
      `<p style="font:600 16px sans-serif">${html(headline(m))}</p>`,
      `<p style="font:14px sans-serif">${html(m.occurrence.detail)}</p>`,
      `<table style="font:14px sans-serif">${rows.map(([k, v]) => `<tr><th align="left" style="padding-right:12px">${html(k)}</th><td>${html(v)}</td></tr>`).join("")}</table>`,
      `<p style="font:14px sans-serif"><a href="${attr(link)}">${m.occurrence.agentId ? "Open the timeline" : "Open Floorview"}</a>${ackLinkOf(m) ? ` · <a href="${attr(ackLinkOf(m)!)}">Acknowledge</a>` : ""}</p>`,
    ].join("\n"),
  };
}

// A digest: the same sections in every channel.

const hours = (seconds: number) => spanText(seconds * 1000);
const share = (part: number, whole: number) => (whole > 0 ? `${Math.round((100 * part) / whole)} %` : "–");


/** "Billing · Daily digest" */
export const digestTitle = (b: DigestBody) => `${b.team ?? "The floor"} · ${b.name}`;

/** "Mon 30 Nov, 07:00 – Tue 1 Dec, 07:00 (Europe/Berlin)" */
const digestSpan = (b: DigestBody) => `${wallClock(b.from, b.zone)} – ${wallClock(b.to, b.zone)} (${b.zone})`;

/** The digest as sections of lines (a heading and its lines): the same for every channel. */
export function digestSections(b: DigestBody): { heading: string; lines: string[] }[] {
  const out: { heading: string; lines: string[] }[] = [];
  out.push({
    heading: "Time",
    lines: [
      `${b.agents} agent${b.agents === 1 ? "" : "s"} logged in, ${hours(b.loggedInSeconds)} in all`,
      ...b.states.map((s) => `${s.label}: ${hours(s.seconds)} (${share(s.seconds, b.loggedInSeconds)})`),
    ],
  });
  if (b.reasons.length > 0) out.push({ heading: "Not ready by reason", lines: b.reasons.map((r) => `${r.label}: ${hours(r.seconds)}`) });
  if (b.adherence) {
    const a = b.adherence;
    out.push({
      heading: "Adherence",
      lines: [
        `${a.percent === null ? "–" : `${a.percent} %`} over ${hours(a.scheduledSeconds)} scheduled (${a.agents} agent${a.agents === 1 ? "" : "s"})`,
        a.exceptions.length === 0 ? "No exception" : a.exceptions.map((e) => `${e.label}: ${e.count}`).join(" · "),
      ],
    });
  }
  if (b.overBudget) {
    out.push({
      heading: "Break budgets",
      lines: b.overBudget.length === 0 ? ["Nobody over a budget"] : b.overBudget.slice(0, 10).map((o) => `${o.name ?? o.agentId}: ${o.category} ${hours(o.usedSeconds)} of ${hours(o.budgetSeconds)}`).concat(b.overBudget.length > 10 ? [`and ${b.overBudget.length - 10} more`] : []),
    });
  }
  out.push({ heading: "Behaviour flags", lines: b.flags.length === 0 ? ["None raised"] : [b.flags.map((f) => `${f.label}: ${f.count}`).join(" · ")] });
  out.push({ heading: "Alerts sent", lines: b.alerts.length === 0 ? ["None"] : [b.alerts.map((a) => `${a.rule}: ${a.count}`).join(" · ")] });
  if (b.exceptions.length > 0) {
    out.push({ heading: "Worth a look", lines: b.exceptions.map((e) => `${clockIn(e.at, b.zone)} ${e.name ?? e.agentId}: ${e.what}${e.seconds === null ? "" : ` (${hours(e.seconds)})`}`) });
  }
  if (!b.complete) out.push({ heading: "Note", lines: ["Part of this span could not be read (Kore.ai did not answer or the store does not hold it): the figures may be short."] });
  return out;
}
