import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The layering and the no-cycle rule bite: files that break them, written into a copy of the
 * tree (never the real one: lint, typecheck and the build may be reading it at the same time),
 * are refused by the project's own lint config; one that keeps them passes.
 */
const REPO = join(import.meta.dirname, "..");
const ROOT = mkdtempSync(join(tmpdir(), "floorview-lint-"));
for (const entry of ["lib", "components", "app", "test", "e2e", "scripts", "eslint.config.mjs", "tsconfig.json", "package.json", "next-env.d.ts", "proxy.ts", "instrumentation.ts"]) {
  if (existsSync(join(REPO, entry))) cpSync(join(REPO, entry), join(ROOT, entry), { recursive: true });
}
symlinkSync(join(REPO, "node_modules"), join(ROOT, "node_modules"), "dir");
// The layers' zones are paths from the working directory (eslint-plugin-import's basePath).
process.chdir(ROOT);
const tag = `zz-lint-probe-${process.pid}`;

function probe(path: string, text: string): string {
  const full = join(ROOT, path.replace("PROBE", tag));
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

afterAll(() => {
  process.chdir(REPO);
  rmSync(ROOT, { recursive: true, force: true });
});

/**
 * The project's own config, run for the two rules these tests are about. Without the type-aware
 * parser (neither rule reads a type; building the program for the whole tree took half a minute).
 */
const RULES = new Set(["floorview/no-import-cycle", "import/no-restricted-paths"]);

async function problems(files: string[]): Promise<string[]> {
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: { files: ["**/*.ts", "**/*.tsx"], languageOptions: { parserOptions: { projectService: false, project: null } } },
    ruleFilter: ({ ruleId }) => RULES.has(ruleId),
  });
  const results = await eslint.lintFiles(files);
  return results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(ROOT.length + 1)}: ${m.ruleId} ${m.message}`));
}

describe("lint keeps the house in order", () => {
  it("refuses an import cycle, a type-only one too", async () => {
    const files = [
      probe("lib/display/PROBE-a.ts", `import { b } from "./${tag}-b";\nexport const a = () => b;\n`),
      probe("lib/display/PROBE-b.ts", `import type { a } from "./${tag}-a";\nexport const b = 1;\nexport type A = typeof a;\n`),
      probe("lib/states/PROBE-c.ts", `import type { D } from "./${tag}-d";\nexport interface C { d: D }\n`),
      probe("lib/states/PROBE-d.ts", `import type { C } from "./${tag}-c";\nexport interface D { c?: C }\n`),
    ];
    const found = await problems(files);
    expect(found.filter((p) => p.includes("floorview/no-import-cycle"))).toHaveLength(4);
    expect(found.join("\n")).toMatch(/Import cycle: lib\/states\/zz-lint-probe-\d+-c\.ts → lib\/states\/zz-lint-probe-\d+-d\.ts → lib\/states\/zz-lint-probe-\d+-c\.ts/);
  }, 60_000);

  it("refuses imports that run up the layers, reach the tests, or reach into the simulator", async () => {
    const cases: [string, string][] = [
      ["lib/activity/PROBE-up.ts", `import type { Poller } from "@/lib/server/feed/poller";\nexport type P = Poller;\n`],
      ["lib/display/PROBE-ui.ts", `import { FAMILY_STYLE } from "@/components/state-styles";\nexport const s = FAMILY_STYLE;\n`],
      ["lib/states/PROBE-wire.ts", `import { parseEventTime } from "@/lib/kore/event-time";\nexport const p = parseEventTime;\n`],
      ["lib/server/PROBE-helper.ts", `import { waitFor } from "@/test/simulator";\nexport const w = waitFor;\n`],
      ["lib/server/PROBE-sim.ts", `import { SimFloor } from "@/lib/simulator/floor";\nexport const f = SimFloor;\n`],
      ["components/PROBE-server.tsx", `import { getRuntime } from "@/lib/server/runtime";\nexport const r = getRuntime;\n`],
    ];
    const found = await problems(cases.map(([path, text]) => probe(path, text)));
    for (const [path] of cases) {
      const file = path.replace("PROBE", tag);
      expect(found.filter((p) => p.startsWith(file) && p.includes("import/no-restricted-paths")), file).toHaveLength(1);
    }
  }, 60_000);

  it("keeps lib/server's rooms one way: the feed knows no report, a report no runtime or request, access no feed", async () => {
    const cases: [string, string][] = [
      ["lib/server/feed/PROBE-up.ts", `import type { ReportQuery } from "@/lib/server/reports/reports";\nexport type Q = ReportQuery;\n`],
      ["lib/server/reports/PROBE-runtime.ts", `import { getRuntime } from "@/lib/server/runtime";\nexport const r = getRuntime;\n`],
      ["lib/server/live/PROBE-request.ts", `import type { Served } from "@/lib/server/serve/viewer";\nexport type S = Served;\n`],
      ["lib/server/access/PROBE-feed.ts", `import type { Poller } from "@/lib/server/feed/poller";\nexport type P = Poller;\n`],
      ["lib/server/http/PROBE-alerts.ts", `import type { AlertEngine } from "@/lib/server/alerts/alerts";\nexport type A = AlertEngine;\n`],
    ];
    const found = await problems(cases.map(([path, text]) => probe(path, text)));
    for (const [path] of cases) {
      const file = path.replace("PROBE", tag);
      expect(found.filter((p) => p.startsWith(file) && p.includes("import/no-restricted-paths") && p.includes("of lib/server")), file).toHaveLength(1);
    }
    // Down the rooms is the way: a request served reads the runtime, a live view a report.
    const ok = [
      probe("lib/server/serve/PROBE-ok.ts", `import { getRuntime } from "@/lib/server/runtime";\nexport const r = getRuntime;\n`),
      probe("lib/server/live/PROBE-ok.ts", `import type { ReportQuery } from "@/lib/server/reports/reports";\nexport type Q = ReportQuery;\n`),
    ];
    expect(await problems(ok)).toEqual([]);
  }, 60_000);

  it("lets the pipeline's arrows run down, and the runtime start the simulator through its public module", async () => {
    const files = [
      probe("lib/display/PROBE-ok.ts", `import { Vocabulary } from "@/lib/states/vocabulary";\nexport const v = new Vocabulary();\n`),
      probe("lib/server/PROBE-ok.ts", `import { startSimulator } from "@/lib/simulator";\nexport const s = startSimulator;\n`),
    ];
    expect(await problems(files)).toEqual([]);
  }, 60_000);
});
