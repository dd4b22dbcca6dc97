import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";
import noImportCycle from "./scripts/lint/no-import-cycle.mjs";

/**
 * Which part of the house may import which (docs/architecture.md draws it). A part not listed as
 * allowed is forbidden, type-only imports included: the arrows only run down the pipeline, the
 * browser's code never reaches the server's, and no production code reaches the tests or the
 * simulator's insides. `test/`, `e2e/`, `bench/` and `scripts/` may use anything.
 */
export const LAYERS = {
  "lib/time": [],
  "lib/states": [],
  "lib/api-types.ts": [],
  "lib/cn.ts": [],
  "lib/csv.ts": [],
  "lib/log.ts": [],
  "lib/navigation.ts": [],
  "lib/activity": ["lib/states", "lib/time"],
  "lib/display": ["lib/activity", "lib/states", "lib/time", "lib/api-types.ts", "lib/csv.ts"],
  "lib/queries": ["lib/display", "lib/activity", "lib/states", "lib/time", "lib/api-types.ts"],
  components: ["lib/queries", "lib/display", "lib/activity", "lib/states", "lib/time", "lib/api-types.ts", "lib/cn.ts", "lib/navigation.ts"],
  "lib/kore": ["lib/activity", "lib/time", "lib/log.ts"],
  "lib/config.ts": ["lib/states", "lib/time"],
  "lib/auth": ["lib/activity", "lib/states", "lib/config.ts", "lib/log.ts", "lib/api-types.ts"],
  // Alerts' rules and messages: the config, each channel's payload, the signature; no I/O.
  "lib/alerts": ["lib/activity", "lib/states", "lib/time"],
  // Floorview's own store: tables, migrations and queries over both engines; no HTTP, no runtime.
  "lib/store": ["lib/activity", "lib/time", "lib/log.ts"],
  // The runtime starts the simulator through its one public module; nothing else of it.
  "lib/server": ["lib/kore", "lib/store", "lib/alerts", "lib/activity", "lib/states", "lib/time", "lib/config.ts", "lib/auth", "lib/log.ts", "lib/api-types.ts", "lib/csv.ts", "lib/simulator/index.ts"],
  // A stand-in Kore.ai: it shares no code with Floorview, so it cannot agree with Floorview's mistakes.
  "lib/simulator": [],
  app: ["components", "lib/server", "lib/auth", "lib/config.ts", "lib/states", "lib/log.ts", "lib/api-types.ts"],
  "proxy.ts": ["lib/server", "lib/auth", "lib/config.ts"],
  "instrumentation.ts": ["lib/server"],
};

/** Everything production code could import from: every part, and what only tests may use. */
const EVERYTHING = [...Object.keys(LAYERS), "test", "e2e", "bench", "scripts"];

const covers = (outer, inner) => outer === inner || inner.startsWith(`${outer}/`);

const zones = Object.entries(LAYERS).flatMap(([part, allowed]) =>
  EVERYTHING.filter((other) => !covers(other, part) && !covers(part, other) && !allowed.some((a) => covers(a, other))).map((other) => {
    // Allowed files inside a forbidden folder (the simulator's public module): the one way in.
    const except = allowed.filter((a) => a !== other && covers(other, a)).map((a) => `./${a.slice(other.length + 1)}`);
    return {
      target: `./${part}`,
      from: `./${other}`,
      ...(except.length && { except }),
      message: `${part} may import only ${allowed.length ? allowed.join(", ") : "nothing of Floorview's"} (docs/architecture.md).`,
    };
  }),
);

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "reports/**", "test-results/**", "next-env.d.ts"]),
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  {
    // The layers. A test may reach anything it tests, and the helpers beside it.
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs", "**/*.mts"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: { "import/no-restricted-paths": ["error", { zones }] },
  },
  {
    // What the browser loads: no validation library (it weighs ~30 KB gzip on every page; the
    // server validates the labels file and hands the browser plain values).
    files: ["components/**", "lib/queries/**", "lib/display/**"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "zod", message: "The browser gets validated values from the server; zod stays on the server." }], patterns: [{ group: ["@/lib/states/labels-file"], message: "Parsing the labels file is the server's: the browser gets `Labels`." }] }],
    },
  },
  {
    // No import cycle anywhere, tests included, type-only imports included.
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs", "**/*.mts"],
    plugins: { floorview: { rules: { "no-import-cycle": noImportCycle } } },
    rules: { "floorview/no-import-cycle": "error" },
  },
  {
    // Playwright fixtures take a `use` callback that is no React hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
]);
