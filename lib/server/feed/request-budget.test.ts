import { describe, expect, it } from "vitest";
import { RequestBudget, SLOT_HELD_MS } from "./request-budget";

describe("RequestBudget", () => {
  it("never lets more than the cap through in any one-minute window", () => {
    let now = 0;
    const budget = new RequestBudget(3, () => now);
    expect([budget.tryTake(), budget.tryTake(), budget.tryTake(), budget.tryTake()]).toEqual([true, true, true, false]);
    expect(budget.delayMs()).toBe(SLOT_HELD_MS);
    now = 59_999;
    expect(budget.tryTake()).toBe(false);
    // A slot is free again only a margin after Kore.ai's minute: a request let go at 0 that
    // arrives a second late must not share Kore.ai's minute with one let go at 60 s.
    now = 61_000;
    expect(budget.tryTake()).toBe(false);
    now = SLOT_HELD_MS;
    expect(budget.tryTake()).toBe(true);
    expect(budget.usedNow()).toBe(1);
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

  it("lets a patient caller take slots only while the reserve stays free for the live feed", () => {
    let now = 0;
    const budget = new RequestBudget(4, () => now);
    expect([budget.tryTake(1), budget.tryTake(1), budget.tryTake(1), budget.tryTake(1)]).toEqual([true, true, true, false]);
    // The live feed still gets the reserved slot.
    expect(budget.tryTake()).toBe(true);
    now = 10;
    expect(budget.delayMs(1)).toBe(SLOT_HELD_MS - 10);
    now = SLOT_HELD_MS;
    expect(budget.tryTake(1)).toBe(true);
  });
});
