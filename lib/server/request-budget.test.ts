import { describe, expect, it } from "vitest";
import { RequestBudget } from "./request-budget";

describe("RequestBudget", () => {
  it("never lets more than the cap through in any one-minute window", () => {
    let now = 0;
    const budget = new RequestBudget(3, () => now);
    expect([budget.tryTake(), budget.tryTake(), budget.tryTake(), budget.tryTake()]).toEqual([true, true, true, false]);
    expect(budget.delayMs()).toBe(60_000);
    now = 59_999;
    expect(budget.tryTake()).toBe(false);
    now = 60_000;
    expect(budget.tryTake()).toBe(true);
    expect(budget.usedLastMinute()).toBe(1);
  });

  it("holds every caller during a pause (a 429's Retry-After)", () => {
    let now = 1000;
    const budget = new RequestBudget(60, () => now);
    budget.pauseUntil(6000);
    expect(budget.tryTake()).toBe(false);
    expect(budget.delayMs()).toBe(5000);
    now = 6000;
    expect(budget.tryTake()).toBe(true);
  });
});
