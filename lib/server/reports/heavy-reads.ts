import "server-only";
import { clientOf } from "@/lib/auth/session";
import { answerOf, fail, type Answer } from "../http/http";
import type { Viewer } from "@/lib/auth/access";
import type { TrustedProxies } from "@/lib/config";

/**
 * Reads that cost the server real work and memory (a report, adherence or flags over a window,
 * schedules, the audit trail: a 5,000-agent day at 15 minutes is half a million rows): at most
 * one at a time per person, and `total` at a time in all. What comes beyond waits its turn (a
 * page's own two reads in parallel take turns; at most `perPersonWaiting` of a person's and
 * `totalWaiting` in all, for at most `maxWaitMs`), else is refused with 429 `busy` and
 * `Retry-After`, so one viewer with a dozen tabs, or a script, cannot take every core and the
 * heap from the screens polling `/api/agents`.
 */
export class HeavyReads {
  private running = 0;
  private readonly people = new Map<string, { running: boolean; waiting: number }>();
  private readonly queue: { person: string; start: () => void }[] = [];

  constructor(
    readonly limits = { total: 3, totalWaiting: 16, perPersonWaiting: 4, maxWaitMs: 20_000 },
  ) {}

  /** A release to call when the read is done (its whole body sent), or null: refused. */
  async acquire(person: string): Promise<(() => void) | null> {
    const p = this.people.get(person) ?? { running: false, waiting: 0 };
    this.people.set(person, p);
    if (!p.running && this.running < this.limits.total && !this.queue.some((q) => q.person === person)) return this.begin(person, p);
    if (p.waiting >= this.limits.perPersonWaiting || this.queue.length >= this.limits.totalWaiting) {
      this.forget(person, p);
      return null;
    }
    p.waiting++;
    return new Promise((resolve) => {
      const entry = {
        person,
        start: () => {
          clearTimeout(timer);
          p.waiting--;
          resolve(this.begin(person, p));
        },
      };
      const timer = setTimeout(() => {
        this.queue.splice(this.queue.indexOf(entry), 1);
        p.waiting--;
        this.forget(person, p);
        resolve(null);
      }, this.limits.maxWaitMs);
      this.queue.push(entry);
    });
  }

  /** Now running: how many in all, and how many waiting (for /api/metrics and tests). */
  get load() {
    return { running: this.running, waiting: this.queue.length };
  }

  private begin(person: string, p: { running: boolean; waiting: number }): () => void {
    p.running = true;
    this.running++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      p.running = false;
      this.running--;
      this.forget(person, p);
      this.next();
    };
  }

  /** The first in line whose person has nothing running, while there is room. */
  private next() {
    while (this.running < this.limits.total) {
      const at = this.queue.findIndex((q) => !this.people.get(q.person)?.running);
      if (at < 0) return;
      const [entry] = this.queue.splice(at, 1);
      entry!.start();
    }
  }

  private forget(person: string, p: { running: boolean; waiting: number }) {
    if (!p.running && p.waiting === 0) this.people.delete(person);
  }
}

/** Whose read it is: the signed-in person, the link, the metrics token, or (without a login) the client's address. */
/** What a heavy read needs of the request's `Served` (lib/server/serve/viewer.ts). */
export interface ServedRead {
  viewer: Viewer;
  runtime: { heavyReads: HeavyReads; config: { auth: { trustedProxies: TrustedProxies | null } } };
}

export function personOf(s: ServedRead, req: { headers: { get(name: string): string | null } }): string {
  const v = s.viewer;
  // The shared password signs everyone in as one person: each browser's address is its own.
  if (v.kind === "session") return v.session.via === "password" ? `password:${clientOf(req, s.runtime.config.auth.trustedProxies)}` : `session:${v.session.sub}`;
  if (v.kind === "link") return `link:${v.link.id}`;
  if (v.kind === "metrics") return "metrics";
  return `client:${clientOf(req, s.runtime.config.auth.trustedProxies)}`;
}

/** The longest a read holds its slot, whatever happens to its answer (a client that stops reading, a body nobody cancels). */
const HOLD_MAX_MS = 120_000;

/**
 * Runs `read` (data, sent as JSON, or a `Response`) as a heavy read of the request's person: refused (a thrown 429 `busy`) when over the
 * limits; the slot held until the answer's body is sent whole, the client goes away (the
 * request's signal), or at most two minutes.
 */
export async function heavyRead(s: ServedRead, req: Request, read: () => Promise<Answer>): Promise<Response> {
  const acquired = await s.runtime.heavyReads.acquire(personOf(s, req));
  if (!acquired) fail("busy", "Another report of yours (or too many in all) is being made just now: try again in a few seconds.", { headers: { "Retry-After": "5" } });
  const held = setTimeout(() => release(), HOLD_MAX_MS);
  held.unref();
  const release = () => {
    clearTimeout(held);
    req.signal.removeEventListener("abort", release);
    acquired();
  };
  if (req.signal.aborted) {
    release();
    fail("busy", "The request was given up before the read began.");
  }
  req.signal.addEventListener("abort", release, { once: true });
  let res: Response;
  try {
    res = answerOf(await read());
  } catch (err) {
    release();
    throw err;
  }
  if (!res.body) {
    release();
    return res;
  }
  const reader = res.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (err) {
        release();
        controller.error(err);
      }
    },
    cancel(reason) {
      release();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: res.status, headers: res.headers });
}
