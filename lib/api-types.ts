/**
 * The JSON of Floorview's own HTTP API: a public contract shared by the server, the browser
 * and other people's scripts. Extend it; never rename or drop a field.
 */

export type UpstreamStatus = "starting" | "ok" | "degraded" | "rate_limited" | "unauthorized" | "down";

export interface UpstreamSnapshot {
  status: UpstreamStatus;
  /** ISO-8601 UTC of the last successful read of the activity feed. */
  lastSuccessAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
  /** True when the feed has not been read up to the last few poll intervals: show, but as stale. */
  stale: boolean;
  /** ISO-8601 UTC: the feed has been read up to here; null until the backfill reaches now. */
  coveredUntil: string | null;
  /**
   * Floorview's own store. "unavailable": the live view goes on from memory, but history is not
   * being kept until it is back (what is missed is then filled in). Absent without a store.
   */
  store?: { status: "ok" | "unavailable"; since: string | null };
  /**
   * True while the first read of Kore.ai's Agents API is still going (a large roster takes a few
   * minutes within the request budget): agents not named yet show by id, and the page says why.
   */
  namesLoading?: boolean;
  /**
   * True while a check of Kore.ai's EventTime fails (its zone, clock or date order is read wrongly,
   * GET /api/diagnostics): states are current, but their times may be off by hours. Absent otherwise.
   */
  timesUnreliable?: boolean;
}

export interface AgentSnapshot {
  agentId: string;
  /** "First Last" from Kore.ai's Agents API; null when the agent is not on the roster. */
  name: string | null;
  /** As Kore.ai sent it (`ready`, `notready`, …); null when no event falls in the window. */
  activity: string | null;
  reasonCode: string | null;
  /** ISO-8601 UTC: when the current state began. */
  since: string | null;
  lastEventAt: string | null;
  /** From the labels config's team mapping (the feed carries no teams); null when unmapped. */
  team: string | null;
}

/**
 * The part of the floor an answer was limited to (a team lead's teams, a wallboard link's
 * options). `null` lists mean "any"; `privacy`: names are initials. Absent: the whole floor.
 */
export interface AgentScope {
  teams: string[] | null;
  agents: string[] | null;
  /** Lower-case start of the name (or of the id, for agents without one). */
  prefix: string | null;
  privacy: boolean;
}

export interface AgentsSnapshot {
  /** ISO-8601 UTC: the server's clock when it answered. */
  asOf: string;
  upstream: UpstreamSnapshot;
  agents: AgentSnapshot[];
  /** Present when the answer was limited by the server: only these agents were sent, in this form. */
  scope?: AgentScope;
  /** `?at=`: the floor as it was at `asOf`, not live (each agent's state, `since` and last event then). */
  historical?: true;
  /** `?at=`: false while some agent's state at the instant is not known yet (asked of Kore.ai; ask again). */
  complete?: boolean;
  /** `?at=`: the floor's last change of state before the instant (any agent's); null when none is known. */
  previousChangeAt?: string | null;
  /** `?at=`: its first change after the instant, within 15 minutes; null when none. */
  nextChangeAt?: string | null;
}

/** `GET /api/agents/{agentId}`: one agent's current state, as `/api/agents` has it, without the rest of the floor. */
export interface AgentNow {
  /** ISO-8601 UTC: the server's clock when it answered. */
  asOf: string;
  upstream: UpstreamSnapshot;
  agent: AgentSnapshot;
}

export interface TimelineSegment {
  activity: string;
  reasonCode: string | null;
  /** ISO-8601 UTC, clipped to the window. */
  start: string;
  /** ISO-8601 UTC, clipped to the window; null for the state still going. */
  end: string | null;
}

export interface AgentTimeline {
  agentId: string;
  /** The window, ISO-8601 UTC. */
  from: string;
  to: string;
  /** Oldest first. Time not covered by any segment is unknown (see `gaps`), never guessed. */
  segments: TimelineSegment[];
  /** ISO-8601 UTC: the server's clock when it answered. */
  asOf: string;
  /** The agent's current state, as in `/api/agents`. */
  agent: AgentSnapshot;
  /** True when every part of the window up to now has been read and nothing more is coming. */
  complete: boolean;
  /** Parts of the window (up to now) not read yet, or whose read failed. */
  gaps: { start: string; end: string }[];
  /** Older history read from Kore.ai for this window: still reading, or the last failure. */
  history: { pending: boolean; error: { code: string; message: string } | null };
  upstream: UpstreamSnapshot;
  /** The agent's schedule rows overlapping the window (`/api/schedules`'s), drawn under the timeline; empty when none. */
  schedule?: { start: string; end: string; activity: string }[];
}

/** One agent over one row of a report (an interval of the wall clock, or the whole window). */
export interface TimeInStateRow {
  agentId: string;
  name: string | null;
  team: string | null;
  /** ISO-8601 UTC; `end` is never after the moment the report was made. */
  start: string;
  end: string;
  /** Activity as sent → seconds in it within the row. */
  seconds: Record<string, number>;
  /** Reason code as sent → seconds with it (time with a reason code only). */
  reasonSeconds: Record<string, number>;
  /** Seconds with no known state (before the first event, a gap not read yet). Sum of `seconds` + this = end − start. */
  unknownSeconds: number;
  /** State changes (activity or reason) that began inside the row. */
  changes: number;
}

/** One agent over the whole window of a report: what rows cannot say. */
export interface TimeInStateAgent {
  agentId: string;
  /** ISO-8601 UTC: the first login seen in the window (a logged-in state after logged out or unknown); null if none was seen. */
  firstLogin: string | null;
  /** The last logout seen in the window (logged out after a logged-in state); null if none. */
  lastLogout: string | null;
  /** The longest unbroken stretch of not ready (whatever its reasons); `end` null while it is still going. */
  longestNotReady: { start: string; end: string | null; seconds: number } | null;
}

/** `GET /api/reports/time-in-state`. */
export interface TimeInStateReport {
  from: string;
  to: string;
  interval: "15m" | "30m" | "1h" | "1d" | "total";
  /** The IANA zone whose wall clock the intervals and days follow. */
  tz: string;
  /** False while some of the window is still being read from Kore.ai (or could not be): ask again. */
  complete: boolean;
  /** The server's clock when it answered: time after it is not counted. */
  asOf: string;
  /** Agent by agent (in name order), each agent's rows in time order. */
  rows: TimeInStateRow[];
  /** Per agent over the whole window, in the same order. */
  agents: TimeInStateAgent[];
}

export interface HealthResponse {
  status: "ok";
  /**
   * Several instances sharing one state (REDIS_URL): this instance's id, whether it leads (reads
   * Kore.ai for all) or follows, the leader's id, and whether Redis answers. Absent when alone.
   */
  cluster?: {
    instance: string;
    role: "leader" | "follower";
    leader: string | null;
    redis: "ok" | "unreachable";
  };
  /** Floorview's own store: what it holds and whether it takes writes. */
  store: {
    engine: "sqlite" | "postgres";
    /** "unavailable": the live view goes on from memory; reads are held and written when it is back. */
    status: "ok" | "unavailable";
    error: string | null;
    since: string | null;
    /** null while the store cannot be read. */
    eventsHeld: number | null;
    oldestEvent: string | null;
    sizeBytes: number | null;
    /** Reads held in memory for the store; dropped ones are read again from Kore.ai. */
    queuedReads: number;
    droppedReads: number;
    historyChunksStored: number;
    /** The background import of the days before the live window (FLOORVIEW_IMPORT_DAYS). */
    import: {
      status: "off" | "waiting" | "running" | "done" | "paused";
      from: string | null;
      to: string | null;
      days: number;
      chunksTotal: number;
      chunksDone: number;
      chunksFailed: number;
      chunksAlreadyStored: number;
      /** Chunks read with other EventTime settings (KORE_EVENT_*, the parser), read again first; and how many are done. */
      rereadChunksTotal?: number;
      rereadChunksDone?: number;
      message: string | null;
    };
  };
  upstream: UpstreamSnapshot & {
    source: "kore" | "simulator";
    /** null when a shared budget (Redis) could not be read. */
    requestsLastMinute: number | null;
    requestBudgetPerMinute: number;
    eventsHeld: number;
    /** Events of older history cached for the drill-down (bounded by FLOORVIEW_HISTORY_CACHE_EVENTS). */
    historyEventsCached: number;
    agents: number;
    skippedRows: number;
    counters: {
      activityRequests: number;
      rosterRequests: number;
      eventsAdded: number;
      duplicates: number;
    };
  };
}

/** Every error answer of the API: `{ error: { code, message } }` (an upload adds `error.problems` and `upload`). */
export interface ApiErrorBody {
  error: { code: string; message: string; [more: string]: unknown };
  [more: string]: unknown;
}

/** A signed-in session as `/api/sessions` lists it (never its token). */
export interface SessionView {
  id: string;
  sub: string;
  name: string;
  role: string;
  teams: string[] | null;
  via: string;
  since: string;
  expiresAt: string;
  address: string | null;
  userAgent: string | null;
  /** The session this request came with. */
  current: boolean;
}

/** `GET /api/sessions`. */
export interface SessionsAnswer {
  sessions: SessionView[];
}

/** A wallboard link as `/api/links` lists it (never its key). */
export interface LinkView {
  id: string;
  createdAt: string;
  /** Who made it: "Supervisor (shared password)", or an SSO user's name and subject. */
  createdBy: string;
  scope: AgentScope;
  /** The scope in words: "Teams Billing · initials only". */
  describes: string;
  /** The wallboard's options as a query string (theme, interval, states…). */
  options: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  /** Whether the one asking may revoke it. */
  revocable: boolean;
}

/** A problem with an uploaded schedule: the line of the file (1 is the header) and the column's name. */
export interface ScheduleProblemJson {
  line: number;
  column: string | null;
  message: string;
}

/** `POST /api/schedules`: what the upload holds, its problems, and whether it was saved (all or nothing). */
export interface ScheduleUpload {
  saved: boolean;
  rows: number;
  agents: number;
  /** The earliest start and the latest end in the upload; null when it has no rows. */
  from: string | null;
  to: string | null;
  /** Rows of earlier uploads removed or cut back to make room (0 in a preview). */
  replaced: number;
  /** Every problem (the first 200): with any, nothing is saved. */
  problems: ScheduleProblemJson[];
  moreProblems: number;
  /** Kept anyway: e.g. an agent Floorview has not seen yet. */
  warnings: ScheduleProblemJson[];
  /** Seconds scheduled per activity (work, off, break, …). */
  byActivity: Record<string, number>;
  /** The import profile the file was read by, and the zone of its wall times when it has any. */
  profile?: string;
  zone?: string | null;
  /** A calendar's recurrences were expanded over this window. */
  window?: { from: string; to: string };
}

/** `GET /api/intraday`: a day of the floor against its plan, interval by interval (a contract: extended, never renamed). */
export interface IntradayAnswer {
  date: string;
  tz: string;
  interval: "15m" | "30m" | "1h";
  /** False while part of the day is still being read from Kore.ai. */
  complete: boolean;
  asOf: string;
  rows: IntradayRow[];
}

export interface IntradayRow {
  start: string;
  /** The interval's end; for the one holding now, now (its figures are up to now). */
  end: string;
  /** Agents scheduled `work`, time-weighted over the interval (two decimals). */
  scheduledOpen: number;
  /** Agent-seconds ready, busy or in after-call work ÷ the interval's seconds; null for an interval after now. */
  actualOpen: number | null;
  /** actualOpen − (required when known, else scheduledOpen); null after now. */
  diff: number | null;
  /** From a staffing file, when one is loaded; null until then. */
  required: number | null;
  /** Seconds scheduled as each reason category (break, lunch, training, …). */
  plannedShrinkage: Record<string, number>;
  /** Seconds not ready by reason category while scheduled (no reason: other), and `logged_out` while scheduled work. */
  actualShrinkage: Record<string, number>;
  /** Seconds worked ÷ seconds scheduled work (null when none is scheduled). */
  conformance: number | null;
  /** Seconds of scheduled agents whose state is not known: in none of the above. */
  unknownSeconds: number;
  /** The interval holding now (counted up to now). */
  live: boolean;
}

/** A subscribed calendar (`/api/schedules/subscriptions`): read on a schedule by an import profile. */
export interface CalendarSubscriptionJson {
  id: string;
  name: string;
  /** Scheme, host and the path's end: the whole URL (it may hold a token) stays on the server. */
  url: string;
  profile: string;
  zone: string | null;
  createdAt: string;
  createdBy: string;
  nextPollAt: string;
  lastPollAt: string | null;
  lastOkAt: string | null;
  lastRows: number | null;
  lastProblems: ScheduleProblemJson[];
  lastError: string | null;
}

export interface CalendarSubscriptionsAnswer {
  subscriptions: CalendarSubscriptionJson[];
  /** FLOORVIEW_CALENDAR_HOSTS: where a subscription may read from (empty: nowhere). */
  allowedHosts: string[];
  pollMinutes: number;
}

/** A schedule import profile (`/api/schedules/profiles`): how a WFM tool's export is read. */
export interface ImportProfileJson {
  name: string;
  builtIn: boolean;
  /** A delimited export, or an iCalendar file whose columns name its properties (ATTENDEE, SUMMARY, …). */
  format: "delimited" | "ics";
  delimiter: "," | "|" | ";" | "\t";
  headerPrefix: string;
  columns: { agent: string; activity: string; start: string; end: string; date: string | null; endDate: string | null; zone: string | null };
  dateFormat: string;
  timeFormat: "24h" | "12h" | "datetime";
  /** The fixed IANA zone of the file's wall times; null: the zone column, else the zone chosen at upload. */
  zone: string | null;
  identity: "id" | "email" | "table";
  /** The tool's activity codes to Floorview's activities. */
  activities: Record<string, string>;
  /** Entries in the external-id table (`identity: "table"`). */
  idTableSize: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface ImportProfilesAnswer {
  profiles: ImportProfileJson[];
  /** Floorview's activities an activity code may map to. */
  activities: string[];
}

export interface ScheduleRowJson {
  agentId: string;
  start: string;
  end: string;
  /** work, off, or a reason category (break, lunch, training, meeting, system, other). */
  activity: string;
}

/** `GET /api/schedules?from&to`: the rows overlapping the window, by agent then start. */
export interface SchedulesAnswer {
  from: string;
  to: string;
  rows: ScheduleRowJson[];
}

export type AdherenceExceptionType = "late" | "early_leave" | "wrong_activity" | "unscheduled";

export interface AdherenceExceptionJson {
  type: AdherenceExceptionType;
  /** What was scheduled; null for unscheduled time. */
  scheduled: string | null;
  /** What the agent was doing for most of the stretch (the activity as sent), and its reason code. */
  actual: string;
  reasonCode: string | null;
  start: string;
  /** null: still going. */
  end: string | null;
  /** `open` until an adjustment covering all of it decides it (`excused`, `neutral`), or a supervisor confirms it stands (`confirmed`). */
  review: "open" | AdjustmentKind | "confirmed";
  /** The id of the adjustment that decided it (null while open); `auto:<reason code or category>` when the labels config's `autoAdjust` did. */
  adjustment: string | null;
  /** What it cost the floor (the labels config's `impact` table): working through a break is `positive`. */
  impact?: "positive" | "negative" | "neutral";
  /** Decided by an automatic rule and not yet confirmed by a supervisor. */
  pending?: boolean;
}

export type AdjustmentKind = "excused" | "neutral";

export interface AdherenceAgent {
  agentId: string;
  name: string | null;
  team: string | null;
  scheduledSeconds: number;
  adherentSeconds: number;
  unknownSeconds: number;
  /** Scheduled time out of adherence that an `excused` adjustment covers: counted as adherent. */
  excusedSeconds: number;
  /** Scheduled, known time a `neutral` adjustment covers: counted neither way. */
  neutralSeconds: number;
  /** Out of adherence outside any scheduled time (not in the %). */
  unscheduledSeconds: number;
  /** (adherent + excused) ÷ (scheduled − unknown − neutral), 0–100 with two decimals; null when no scheduled time is judged. */
  percent: number | null;
  current: { scheduled: string | null; actual: string | null; reasonCode: string | null; inAdherence: boolean | null; since: string; adjustment: { id: string; kind: AdjustmentKind } | null } | null;
  exceptions: AdherenceExceptionJson[];
  /** With `interval` (15m, 30m, 1h, 1d in `tz`): the same seconds per interval of the wall clock, up to now. */
  intervals?: AdherenceInterval[];
}

export interface AdherenceInterval {
  start: string;
  end: string;
  scheduledSeconds: number;
  adherentSeconds: number;
  unknownSeconds: number;
  excusedSeconds: number;
  neutralSeconds: number;
  percent: number | null;
}

/** `GET /api/adherence?from&to`: each agent with a schedule in the window (and any asked for by `agent`). */
export interface AdherenceReport {
  from: string;
  to: string;
  asOf: string;
  /** False while part of the window is still being read from Kore.ai (or could not be). */
  complete: boolean;
  agents: AdherenceAgent[];
}

/**
 * A supervisor's adherence adjustment (`/api/adherence/adjustments`): over [from, to), for the
 * agents, the teams or all, time counts `excused` (as adherent) or `neutral` (neither way).
 * Exactly one of `agents`, `teams`, `all` is present.
 */
export interface AdjustmentJson {
  id: string;
  kind: AdjustmentKind;
  agents?: string[];
  teams?: string[];
  all?: true;
  from: string;
  to: string;
  category: string | null;
  note: string;
  createdAt: string;
  createdBy: string;
  /** null while in force. */
  revokedAt: string | null;
  revokedBy: string | null;
}

/** `GET /api/adherence/adjustments`: those overlapping the window that the viewer may see, by start. */
export interface AdjustmentsAnswer {
  from: string;
  to: string;
  adjustments: AdjustmentJson[];
}

/** One scheduled agent's adherence now (`/api/adherence/live`). */
export interface LiveAdherenceAgent {
  /** What is scheduled now: work, off, a category; null: nothing. */
  scheduled: string | null;
  /** null when the agent's state is not known now. */
  inAdherence: boolean | null;
  /** Since when in (or out of) adherence without a break. */
  since: string;
  /** The exception the agent is in now (out longer than the grace, and not excused or made neutral), if any. */
  exception: AdherenceExceptionType | null;
  /** The supervisor's adjustment covering now, if any: excused (counted as adherent, `inAdherence` true) or neutral (`inAdherence` null). */
  adjustment: { id: string; kind: AdjustmentKind } | null;
  /** What the schedule says next, and when (activity null: the schedule ends then). */
  next: { activity: string | null; at: string } | null;
}

/** `GET /api/adherence/live`: adherence now of every scheduled agent the viewer may see (those with a schedule within a day of now). */
export interface LiveAdherenceAnswer {
  asOf: string;
  /** FLOORVIEW_ADHERENCE_GRACE_MINUTES in seconds: out for longer is an exception. */
  graceSeconds: number;
  /** The labels config's grace per scheduled activity (`work`, `off`, a category), in seconds, where it sets one. */
  graceByActivitySeconds: Record<string, number>;
  agents: Record<string, LiveAdherenceAgent>;
}

/** One agent's break budgets now (`/api/breaks/live`): seconds used per reason category in the current shift. */
export interface AgentBreaks {
  /** Where the shift began: the scheduled shift holding now (or the last one today), else the start of the agent's day in the floor's zone. */
  shiftFrom: string;
  /** Seconds allowed per category per shift (the labels config's budgets, the team's own first). */
  allowed: Record<string, number>;
  /** Seconds used per category up to `counted`. */
  used: Record<string, number>;
  /** The category the agent is in now (its used time grows from `counted`), or null. */
  running: string | null;
  runningSince: string | null;
  counted: string;
  /** True when the shift began before the oldest event held in memory: the used time may be short. */
  partial: boolean;
}

/** A team's cap on a category and how many of its agents are in it now. */
export interface TeamCap {
  team: string;
  category: string;
  count: number;
  cap: number;
  agents: string[];
}

/** `GET /api/breaks/live`: break budgets and team caps now, in the viewer's scope. */
export interface BreaksAnswer {
  asOf: string;
  /** The floor's zone (FLOORVIEW_TIMEZONE): where its day begins. */
  zone: string;
  /** Agents with a budget who used some of it this shift, or are in a budgeted category now. */
  agents: Record<string, AgentBreaks>;
  /** Every team and category with a cap. */
  caps: TeamCap[];
}

/** A behaviour flag's rule: rapid toggling, after-call work over the team's percentile, slow start, a reason used too often a shift. */
export type FlagRuleName = "rapid_toggle" | "long_acw" | "slow_start" | "reason_overuse";

/** One behaviour flag: one occurrence of its rule, raised once, cleared by itself. */
export interface BehaviourFlag {
  rule: FlagRuleName;
  /** The rule as a supervisor says it ("Rapid toggling"). */
  name: string;
  /** Why, in a sentence. */
  why: string;
  /** The stretch of the agent's timeline it is about (end null: still going). */
  start: string;
  end: string | null;
  raisedAt: string;
  /** When it stopped holding; null while it holds. */
  clearedAt: string | null;
  active: boolean;
  /** The reason code used too often (`reason_overuse`), else null. */
  reasonCode: string | null;
  /** Changes (`rapid_toggle`) or uses (`reason_overuse`) counted, else null. */
  count: number | null;
  /** The rule's number: changes, uses allowed, or the percentile (`long_acw`). */
  limit: number | null;
  /** The time passed, seconds: the rapid-toggle window, the team's percentile, the slow-start limit. */
  limitSeconds: number | null;
}

/** `GET /api/flags/live`: each agent's flags raised since its shift (or day, in the floor's zone) began, in the viewer's scope. */
export interface LiveFlagsAnswer {
  asOf: string;
  zone: string;
  /** Agents with at least one flag this shift; those with none are left out. */
  agents: Record<string, BehaviourFlag[]>;
}

export interface FlagsAgent {
  agentId: string;
  name: string | null;
  team: string | null;
  flags: BehaviourFlag[];
}

/** `GET /api/flags?from&to[&team][&agent]`: the flags raised in a window. */
export interface FlagsReport {
  from: string;
  to: string;
  asOf: string;
  /** False while part of the window is still being read (or could not be). */
  complete: boolean;
  /** Agents with a flag in the window, and any asked for by id. */
  agents: FlagsAgent[];
}

/** One message to one channel (`/api/alerts`'s log). */
export interface AlertDelivery {
  /** The idempotency key (`X-Floorview-Delivery`). */
  id: string;
  rule: string;
  channel: string;
  /** `digest`: a team's scheduled digest. */
  phase: "raised" | "resolved" | "test" | "digest";
  /** pending (to be sent or tried again), sent, or dead (given up after the last retry). */
  status: "pending" | "sent" | "dead";
  attempts: number;
  title: string;
  agentId: string | null;
  team: string | null;
  /** The page the message links to (a drill-down at the moment, a digest's report), as a path. */
  path: string;
  /** When the condition was seen (the delivery recorded), and when it reached the channel. */
  createdAt: string;
  sentAt: string | null;
  /** sentAt − createdAt. */
  latencyMs: number | null;
  /** When it is tried again, while pending after a failure. */
  nextAt: string | null;
  lastError: string | null;
}

/** `GET /api/alerts`: the rules in force, the channels (never their addresses) and the latest deliveries. */
export interface AlertsAnswer {
  /** False without FLOORVIEW_ALERTS_FILE. */
  configured: boolean;
  rules: { name: string; when: string; teams: string[] | null; agents: string[] | null; channels: string[]; cooldownSeconds: number; quiet: string | null; resolved: boolean }[];
  channels: { name: string; type: "webhook" | "slack" | "teams" | "email" }[];
  /** The digests: when (times of day in the zone), for which teams (null: every team; `for`: each one it goes to that the viewer may see, null the whole floor), on which channels, and the next one. */
  digests: { name: string; at: string[]; zone: string; teams: string[] | null; for: (string | null)[]; channels: string[]; next: string }[];
  deliveries: AlertDelivery[];
  /** The occurrences still true (raised, or held back by a cooldown, quiet hours or an acknowledgement), newest first, with who is on each. */
  open?: OpenAlert[];
}

/** Someone is on an alert: who, when, their note, until when (null: until it ends). */
export interface AlertAcknowledgement {
  by: string;
  at: string;
  note: string;
  until: string | null;
}

export interface OpenAlert {
  /** The occurrence's key: what `/api/alerts/acknowledgements` takes. */
  key: string;
  rule: string;
  status: "raised" | "cooldown" | "quiet" | "acknowledged";
  title: string;
  detail: string;
  agentId: string | null;
  team: string | null;
  path: string;
  since: string;
  raisedAt: string;
  acknowledged: AlertAcknowledgement | null;
  /** Raised once more: its acknowledgement ran out and it still held. */
  reraisedAt: string | null;
}

/** `GET /api/alerts/acknowledged`: the agents with an alert someone is on now (the grid's and wallboard's mark). */
export interface AcknowledgedAnswer {
  agents: Record<string, AlertAcknowledgement & { rule: string; title: string }>;
}

/** One check of what Kore.ai answers (`GET /api/diagnostics`): ids are a contract, extended, never renamed. */
export interface DiagnosticCheck {
  /** auth, envelope, rows, event_time_format, event_time_zone, clock_12h, date_order, lateness, paging, rate_limit, roster, roster_ids, activities */
  id: string;
  status: "ok" | "warn" | "fail";
  message: string;
  /** The setting that would fix it, written as `NAME=value` (with words around it); null when none is known. */
  hint: string | null;
}

/** One request to Kore.ai and its answer, as an operator needs to see it (no token; the body redacted and cut). */
export interface UpstreamExchange {
  endpoint: "activity" | "agents";
  path: string;
  query: Record<string, string>;
  /** Epoch ms. */
  at: number;
  ms: number;
  status: number | null;
  contentType: string | null;
  /** Retry-After and any rate-limit headers, as sent. */
  headers: Record<string, string>;
  bodyExcerpt: string | null;
  error: { kind: string; message: string } | null;
}

/** `GET /api/diagnostics` (admins, everyone while the login is off, or the metrics token). */
export interface DiagnosticsReport {
  checkedAt: string;
  source: "kore" | "simulator";
  /** How EventTime is read: KORE_EVENT_TIMEZONE, KORE_EVENT_CLOCK, KORE_EVENT_DATE_ORDER, and the parser's version. */
  reading: { zone: string; clock: "24h" | "12h"; dateOrder: "mdy" | "dmy"; parserVersion: number };
  checks: DiagnosticCheck[];
  /** False while reads are held back from the store (a time check fails, or too few events to judge yet). */
  keeping: boolean;
  /** Reads held back from the store since start. */
  readsHeld: number;
  /** The latest rows as sent, beside the instant read from them. */
  samples: { raw: string; utc: string; local: string; agoSeconds: number }[];
  skipped: { reason: string; count: number; example: string }[];
  /** EventTimes read, by syntax (slashed, iso_local, iso_offset, epoch_s, epoch_ms). */
  forms: Record<string, number>;
  envelope: { updatesKey: string | null; keys: string[]; unknownKeys: string[]; cappedReads: number; lastCap: { rows: number; totalCount: number | null } | null };
  exchanges: { activity: UpstreamExchange | null; agents: UpstreamExchange | null; lastFailure: UpstreamExchange | null };
  activities: { activity: string; count: number; named: boolean }[];
  reasons: { code: string; count: number; named: boolean }[];
  /** Seconds from EventTime to the live read that first brought the event. */
  lateness: { count: number; p50Seconds: number | null; p95Seconds: number | null; maxSeconds: number | null };
  roster: { pages: number; offsetCounts: "rows" | "pages"; agents: number; skipped: number; skipExample: string | null; stoppedBecause: string; at: string } | null;
  ids: { feed: number; roster: number; feedWithoutRoster: number; rosterNeverInFeed: number; overlap: number };
  /** Events read by the hour of the day (UTC) they were read at. */
  hours: number[];
}

/** `GET /api/diagnostics?summary=1`: what the grid's banner for admins needs. */
export interface DiagnosticsSummary {
  checkedAt: string;
  keeping: boolean;
  failing: DiagnosticCheck[];
}
