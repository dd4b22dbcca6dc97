import { describe, expect, it } from "vitest";
import { sameTeam, teamIn } from "./collate";

describe("team names", () => {
  it("are one team when they differ only in case, in whatever locale the server or the browser runs", () => {
    expect(sameTeam("Billing", "BILLING")).toBe(true);
    expect(sameTeam("Équipe A", "équipe a")).toBe(true);
    // Accents tell teams apart; so does a different letter.
    expect(sameTeam("Équipe A", "Equipe A")).toBe(false);
    expect(sameTeam("Straße", "STRASSE")).toBe(false);
    expect(sameTeam("Sales", "Sale")).toBe(false);
  });

  it("are found in a list by the same rule (no team is in none)", () => {
    expect(teamIn(["Billing", "Sales"], "sales")).toBe(true);
    expect(teamIn(["Billing", "Sales"], "Tech")).toBe(false);
    expect(teamIn(["Billing"], null)).toBe(false);
    expect(teamIn([], "Billing")).toBe(false);
  });
});
