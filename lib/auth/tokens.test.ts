import { describe, expect, it } from "vitest";
import { passwordMatches, safeNext, signToken, verifyToken } from "./tokens";

const SECRET = "a".repeat(32);

describe("tokens", () => {
  it("signs a session that verifies as a session only, until it expires", async () => {
    const token = await signToken(SECRET, "session", Date.now() + 60_000);
    expect(await verifyToken(SECRET, token, "session")).toBeGreaterThan(Date.now());
    expect(await verifyToken(SECRET, token, "wallboard")).toBeNull();
    expect(await verifyToken(SECRET, await signToken(SECRET, "session", Date.now() - 1_000), "session")).toBeNull();
  });

  it("revokes everything when the secret rotates", async () => {
    const link = await signToken(SECRET, "wallboard", Date.now() + 86_400_000);
    expect(await verifyToken(SECRET, link, "wallboard")).not.toBeNull();
    expect(await verifyToken("b".repeat(32), link, "wallboard")).toBeNull();
    expect(await verifyToken(SECRET, `${link}x`, "wallboard")).toBeNull();
    expect(await verifyToken(SECRET, undefined, "wallboard")).toBeNull();
  });

  it("compares passwords exactly", () => {
    expect(passwordMatches("correct horse", "correct horse")).toBe(true);
    expect(passwordMatches("correct hors", "correct horse")).toBe(false);
    expect(passwordMatches("", "correct horse")).toBe(false);
  });

  it("returns only to paths on this site after login", () => {
    expect(safeNext("/wallboard?privacy=1")).toBe("/wallboard?privacy=1");
    expect(safeNext("https://evil.example")).toBe("/");
    expect(safeNext("//evil.example")).toBe("/");
    expect(safeNext("/\\evil.example")).toBe("/");
    expect(safeNext(null)).toBe("/");
    // Browsers drop tabs and newlines from a URL: these are //evil.example once followed.
    for (const sneaky of ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\t\\evil.example", "\t//evil.example", "/ /evil.example".replace(" ", "\t")]) {
      expect(safeNext(sneaky), JSON.stringify(sneaky)).toBe("/");
    }
    // A path of this site stays as it is, query and fragment included.
    expect(safeNext("/agents/a-1?window=4h#totals")).toBe("/agents/a-1?window=4h#totals");
    expect(safeNext("/%09/evil.example")).toBe("/%09/evil.example");
  });
});
