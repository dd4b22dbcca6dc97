import type { IncomingMessage, ServerResponse } from "node:http";
import type { Dialect } from "./dialect";

/**
 * Kore.ai's wire format as the simulator writes it, on its own: Floorview's parser must read
 * what a tenant sends, so the simulator shares none of Floorview's time code (its zone table
 * comes from the runtime's Intl data, minute by minute).
 */

const formats = new Map<string, Intl.DateTimeFormat>();
/** zone|minute → "MM/DD/YYYY H:mm" */
const minutes = new Map<string, string>();

function formatFor(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "numeric", minute: "2-digit" });
    formats.set(zone, f);
  }
  return f;
}

/**
 * `MM/DD/YYYY H:mm:ss`, wall time in `zone`, the hour without its leading zero as in Kore.ai's
 * sample (`10/20/2020 2:13:12`). Zones change offset on whole minutes, so the wall minute of an
 * instant is that of its minute's start.
 */
export function wireEventTime(utc: number, zone: string): string {
  const minute = Math.floor(utc / 60_000);
  const key = `${zone}|${minute}`;
  let head = minutes.get(key);
  if (head === undefined) {
    const parts: Record<string, string> = {};
    for (const p of formatFor(zone).formatToParts(minute * 60_000)) parts[p.type] = p.value;
    head = `${parts.month}/${parts.day}/${parts.year} ${Number(parts.hour)}:${parts.minute}`;
    if (minutes.size > 100_000) minutes.clear();
    minutes.set(key, head);
  }
  const seconds = Math.floor((utc - minute * 60_000) / 1000);
  return `${head}:${String(seconds).padStart(2, "0")}`;
}

/** EventTime as a tenant speaking `dialect` writes it (wall time in `zone` unless the syntax carries its own zone). */
export function dialectEventTime(utc: number, zone: string, d: Dialect): string | number {
  const seconds = Math.floor(utc / 1000);
  if (d.time === "epoch") return seconds;
  if (d.time === "epoch-ms") return seconds * 1000;
  if (d.time === "iso") return `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
  const [, mm, dd, yyyy, h, mi, ss] = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})$/.exec(wireEventTime(utc, zone))!;
  const hour = Number(h);
  if (d.time === "iso-offset") {
    const offsetMin = Math.round((Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd), hour, Number(mi), Number(ss)) - seconds * 1000) / 60_000);
    const a = Math.abs(offsetMin);
    return `${yyyy}-${mm}-${dd}T${String(hour).padStart(2, "0")}:${mi}:${ss}${offsetMin < 0 ? "-" : "+"}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
  }
  const date = d.dateOrder === "dmy" ? `${dd}/${mm}/${yyyy}` : `${mm}/${dd}/${yyyy}`;
  if (d.clock === "24h") return `${date} ${hour}:${mi}:${ss}`;
  const h12 = ((hour + 11) % 12) + 1;
  return `${date} ${h12}:${mi}:${ss}${d.clock === "ampm" ? (hour < 12 ? " AM" : " PM") : ""}`;
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
  res.end(text);
}

/** Kore.ai's error shape: `{"errors":[{"msg":"…","code":401}]}`. */
export const koreError = (res: ServerResponse, status: number, msg: string, headers?: Record<string, string>) => send(res, status, { errors: [{ msg, code: status }] }, headers);

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as unknown) : {};
}
