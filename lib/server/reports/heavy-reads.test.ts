import { describe, expect, it } from "vitest";
import { HeavyReads } from "./heavy-reads";
import { textStream } from "../http/text-stream";

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("heavy reads: one at a time per person, a few in all", () => {
  it("a dozen at once from one person: one runs, two wait their turn, the rest are refused", async () => {
    const reads = new HeavyReads({ total: 3, totalWaiting: 12, perPersonWaiting: 2, maxWaitMs: 5_000 });
    const asked = Array.from({ length: 12 }, () => reads.acquire("session:viewer"));
    await tick();
    expect(reads.load).toEqual({ running: 1, waiting: 2 });
    const refused = (await Promise.all(asked.slice(3))).filter((r) => r === null);
    expect(refused).toHaveLength(9);
    // The first done, the next of that person runs; then the third.
    const first = (await asked[0])!;
    first();
    const second = (await asked[1])!;
    expect(reads.load).toEqual({ running: 1, waiting: 1 });
    second();
    second(); // released twice: counted once
    const third = (await asked[2])!;
    expect(reads.load).toEqual({ running: 1, waiting: 0 });
    third();
    expect(reads.load).toEqual({ running: 0, waiting: 0 });
  });

  it("other people run beside them, up to the total; beyond it they wait, and give up after the longest wait", async () => {
    const reads = new HeavyReads({ total: 2, totalWaiting: 1, perPersonWaiting: 2, maxWaitMs: 50 });
    const a = (await reads.acquire("a"))!;
    const b = (await reads.acquire("b"))!;
    expect(reads.load.running).toBe(2);
    const c = reads.acquire("c");
    expect(await reads.acquire("d")).toBeNull(); // the line is full
    expect(await c).toBeNull(); // waited 50 ms, no room
    const e = reads.acquire("e");
    a();
    const eRelease = await e;
    expect(eRelease).not.toBeNull();
    b();
    eRelease!();
    expect(reads.load).toEqual({ running: 0, waiting: 0 });
  });
});

describe("an answer sent as it is written", () => {
  it("is the text of its parts, in pieces of about 64 KB, each made only when the client asks for it", async () => {
    let made = 0;
    async function* parts() {
      for (let i = 0; i < 5_000; i++) {
        made++;
        yield `${i > 0 ? "," : "["}${JSON.stringify({ i, name: `agent ${i}`, s: { ready: i } })}`;
      }
      yield "]";
    }
    const reader = textStream(parts()).getReader();
    const first = await reader.read();
    // The first piece, and no more than the one the stream keeps ready: not the whole answer.
    expect(made).toBeLessThan(5_000);
    const pieces: Uint8Array[] = [first.value!];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pieces.push(value);
    }
    expect(pieces.length).toBeGreaterThan(2);
    expect(Math.max(...pieces.map((p) => p.byteLength))).toBeLessThan(70 * 1024);
    const rows = JSON.parse(Buffer.concat(pieces).toString("utf8")) as { i: number }[];
    expect(rows.map((r) => r.i)).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
  });
});
