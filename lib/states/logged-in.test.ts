import { describe, expect, it } from "vitest";
import { FAMILY_ORDER, isLoggedIn } from "./family";
import { Vocabulary } from "./vocabulary";

describe("logged in: one rule", () => {
  it("is every known state but logged out and no activity at all", () => {
    expect(FAMILY_ORDER.filter(isLoggedIn)).toEqual(["ready", "busy", "acw", "notready", "other"]);
  });

  it("reads an activity as its family says, whatever its spelling, and no activity as not logged in", () => {
    const vocab = new Vocabulary();
    expect(vocab.loggedIn("NOT_READY")).toBe(true);
    expect(vocab.loggedIn("away2")).toBe(true);
    expect(vocab.loggedIn("logout")).toBe(false);
    expect(vocab.loggedIn(null)).toBe(false);
  });
});
