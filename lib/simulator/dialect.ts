/**
 * The ways a real tenant may differ from Kore.ai's page, each a word of SIM_DIALECT (comma
 * separated), so tests can run Floorview against every variant: the simulator then answers as
 * that tenant would. The page's own reading (PascalCase, `MM/DD/YYYY H:mm:ss` 24-hour wall time
 * in SIM_TIMEZONE, 429 for rate limiting, no caps, ids shared by both APIs) is the empty dialect.
 */
export interface Dialect {
  /** `keys`: field names in other cases (`agentupdates`, `AgentID`, `EVENTTIME`, `activity`, `Reasoncode`). */
  oddKeys: boolean;
  /** How EventTime is written. */
  time: "slashed" | "iso" | "iso-offset" | "epoch" | "epoch-ms";
  /** `12h`: a 12-hour clock with the AM/PM dropped; `ampm`: with it. */
  clock: "24h" | "12h" | "ampm";
  /** `dmy`: day before month. */
  dateOrder: "mdy" | "dmy";
  /** `capped=N` / `capped-noskip=N`: at most N rows an answer, with hasMore and totalCount; skip/limit honoured or not. */
  cap: number | null;
  honoursSkip: boolean;
  /** `offset-pages`: the Agents API's offset counts pages, not rows. */
  rosterOffset: "rows" | "pages";
  /** `ratelimit-403`: the rate-limit message comes with 403 (and no Retry-After). */
  rateLimitStatus: 429 | 403;
  /** `late=S`: every change released S seconds after its 30-second stack. */
  lateMs: number;
  /** `roster-ids`: the Agents API names agents by other ids than the feed. */
  rosterIdsDiffer: boolean;
}

export const PLAIN: Dialect = { oddKeys: false, time: "slashed", clock: "24h", dateOrder: "mdy", cap: null, honoursSkip: true, rosterOffset: "rows", rateLimitStatus: 429, lateMs: 0, rosterIdsDiffer: false };

const DIALECT_WORDS = ["keys", "iso", "iso-offset", "epoch", "epoch-ms", "12h", "ampm", "dmy", "capped=N", "capped-noskip=N", "offset-pages", "ratelimit-403", "late=S", "roster-ids"];

/** Reads SIM_DIALECT; throws with the words it knows on one it does not. */
export function parseDialect(text: string | undefined): Dialect {
  const d: Dialect = { ...PLAIN };
  for (const raw of (text ?? "").split(",")) {
    const word = raw.trim();
    if (!word) continue;
    const [name, value] = word.split("=") as [string, string | undefined];
    const n = Number(value);
    switch (name) {
      case "keys":
        d.oddKeys = true;
        break;
      case "iso":
      case "iso-offset":
      case "epoch":
      case "epoch-ms":
        d.time = name;
        break;
      case "12h":
      case "ampm":
        d.clock = name;
        break;
      case "dmy":
        d.dateOrder = "dmy";
        break;
      case "capped":
      case "capped-noskip":
        if (!Number.isInteger(n) || n < 1) throw new Error(`SIM_DIALECT: ${name}=N needs a whole number of rows`);
        d.cap = n;
        d.honoursSkip = name === "capped";
        break;
      case "offset-pages":
        d.rosterOffset = "pages";
        break;
      case "ratelimit-403":
        d.rateLimitStatus = 403;
        break;
      case "late":
        if (!Number.isFinite(n) || n < 0) throw new Error("SIM_DIALECT: late=S needs seconds");
        d.lateMs = n * 1000;
        break;
      case "roster-ids":
        d.rosterIdsDiffer = true;
        break;
      default:
        throw new Error(`SIM_DIALECT: unknown word "${word}"; known: ${DIALECT_WORDS.join(", ")}`);
    }
  }
  return d;
}

/** The wire's field names in the dialect. */
export function keysOf(d: Dialect) {
  return d.oddKeys
    ? { account: "accountid", updates: "agentupdates", agent: "AgentID", time: "EVENTTIME", activity: "activity", reason: "Reasoncode", rosterAgent: "AGENTID", first: "firstname", last: "LastName", email: "EMAILID" }
    : { account: "accountId", updates: "AgentUpdates", agent: "AgentId", time: "EventTime", activity: "Activity", reason: "ReasonCode", rosterAgent: "agentId", first: "firstName", last: "lastName", email: "emailId" };
}

/** The id the Agents API gives an agent of the feed in the dialect. */
export function rosterIdOf(d: Dialect, agentId: string): string {
  return d.rosterIdsDiffer ? `emp-${agentId.replace(/^a-/, "").slice(0, 8)}` : agentId;
}
