import { describe, expect, it } from "vitest";
import { spanText } from "./span";

describe("a stretch of time, as every text says it", () => {
  it("counts whole seconds passed: never a second or a minute before it has passed", () => {
    expect(spanText(38_999)).toBe("38 s");
    expect(spanText(59_999)).toBe("59 s");
    expect(spanText(60_000)).toBe("1 min");
    expect(spanText(12 * 60_000 + 59_999)).toBe("12 min");
    expect(spanText(3 * 3_600_000 + 5 * 60_000 + 30_000)).toBe("3 h 05 min");
    expect(spanText(-5)).toBe("0 s");
  });

  it("says the seconds under an hour when asked (a flag's why)", () => {
    expect(spanText(200_499, { seconds: true })).toBe("3 min 20 s");
    expect(spanText(180_000, { seconds: true })).toBe("3 min");
    expect(spanText(3_600_000 + 20_000, { seconds: true })).toBe("1 h 00 min");
  });
});
