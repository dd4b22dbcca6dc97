import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const REPO = join(import.meta.dirname, "..");

describe("docs/architecture.md is a true map", () => {
  it("names only paths that exist (a module moved or renamed moves its mention too)", () => {
    const text = readFileSync(join(REPO, "docs/architecture.md"), "utf8");
    const named = [...new Set([...text.matchAll(/`((?:lib|app|components|test|e2e|scripts|bench)\/[\w./[\]-]+)`/g)].map((m) => m[1]!))];
    expect(named.length).toBeGreaterThan(100);
    expect(named.filter((p) => !existsSync(join(REPO, p)))).toEqual([]);
  });
});
