import { describe, expect, it } from "vitest";
import { keepSame, sameJson } from "./keep-same";

const flag = (start: string, active = true) => ({ rule: "long_acw", name: "Long after-call work", why: "After-call work of 2 min 26 s", start, end: null, raisedAt: start, clearedAt: null, active, reasonCode: null, count: null, limit: 90, limitSeconds: 140 });
/** As a poll's answer arrives: new objects, whatever they hold. */
const fresh = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe("a poll's keyed answer against the last", () => {
  it("JSON values are equal exactly when every key, item and value is", () => {
    expect(sameJson(flag("09:00"), fresh(flag("09:00")))).toBe(true);
    expect(sameJson(flag("09:00"), flag("09:01"))).toBe(false);
    expect(sameJson({ a: 1, b: null }, { a: 1 })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson([1, 2], [1, 2, 3])).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson({ a: [{ b: "x" }] }, { a: [{ b: "x" }] })).toBe(true);
    expect(sameJson(0, null)).toBe(false);
  });

  it("an agent whose entry did not change keeps its object (its row is not drawn again); a changed one is the new", () => {
    const before = { a: [flag("09:00")], b: [flag("09:10")] };
    const next = fresh({ a: [flag("09:00")], b: [flag("09:10", false)] });
    const kept = keepSame(before, next);
    expect(kept.a).toBe(before.a);
    expect(kept.b).not.toBe(before.b);
    expect(kept.b![0]!.active).toBe(false);
  });

  it("nothing changed: the last answer's record itself; an agent added or gone: a new record", () => {
    const before = { a: [flag("09:00")], b: [flag("09:10")] };
    expect(keepSame(before, fresh(before))).toBe(before);
    const gone = keepSame(before, fresh({ a: before.a }));
    expect(gone).not.toBe(before);
    expect(Object.keys(gone)).toEqual(["a"]);
    expect(gone.a).toBe(before.a);
    const added = keepSame(before, fresh({ ...before, c: [flag("10:00")] }));
    expect(Object.keys(added)).toEqual(["a", "b", "c"]);
    expect(added.b).toBe(before.b);
    expect(keepSame(undefined, fresh(before))).toEqual(before);
  });
});
