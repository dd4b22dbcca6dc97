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

/**
 * The rooms of `lib/server`, each with the rooms it may import (docs/architecture.md draws them):
 * the wire at the bottom, then the config files, the feed, the instances' sharing, reports and
 * history, the live views, alerts and digests, access; the runtime that builds them all; and at
 * the top what serves a request (who asks, what they may see). Imports run one way; a module
 * of a room may import its own room freely.
 */
export const ROOMS = {
  "lib/server/http": [],
  "lib/server/config": [],
  "lib/server/calendars": ["lib/server/config"],
  "lib/server/feed": [],
  "lib/server/cluster": ["lib/server/feed"],
  "lib/server/reports": ["lib/server/feed", "lib/server/http"],
  "lib/server/live": ["lib/server/reports", "lib/server/feed", "lib/server/http"],
  "lib/server/alerts": ["lib/server/live", "lib/server/reports", "lib/server/feed", "lib/server/http"],
  "lib/server/access": ["lib/server/config", "lib/server/http"],
  "lib/server/runtime.ts": ["lib/server/calendars", "lib/server/access", "lib/server/alerts", "lib/server/live", "lib/server/reports", "lib/server/cluster", "lib/server/feed", "lib/server/config", "lib/server/http"],
  "lib/server/serve": ["lib/server/runtime.ts", "lib/server/calendars", "lib/server/access", "lib/server/alerts", "lib/server/live", "lib/server/reports", "lib/server/cluster", "lib/server/feed", "lib/server/config", "lib/server/http"],
};

const roomZones = Object.entries(ROOMS).flatMap(([room, allowed]) =>
  Object.keys(ROOMS)
    .filter((other) => other !== room && !allowed.includes(other))
    .map((other) => ({ target: `./${room}`, from: `./${other}`, message: `${room} may import only ${allowed.length ? allowed.join(", ") : "its own room"} of lib/server (docs/architecture.md).` })),
);

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
    rules: { "import/no-restricted-paths": ["error", { zones: [...zones, ...roomZones] }] },
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
    // A route is the one pattern (docs/architecture.md): who is served, its query, one service, its
    // data. A route longer than this is doing a service's work.
    files: ["app/api/**/route.ts"],
    rules: { "max-lines": ["error", { max: 40, skipBlankLines: false, skipComments: false }] },
  },
  {
    // Playwright fixtures take a `use` callback that is no React hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
]);
