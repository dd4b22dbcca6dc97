import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // `server-only` throws outside React's server condition; the modules it guards are
      // plain Node code, which is exactly what these tests exercise.
      "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", "e2e/**", ".next/**"],
    environment: "node",
    // The clock a test owns (test/clock.ts): in place before each file's imports, the machine's
    // time until a test sets another.
    setupFiles: ["test/clock.ts"],
    // One Postgres for the whole run (test/global-setup.ts), a database per test.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    // Memory tests collect garbage first, so that what they measure is what is held.
    execArgv: ["--expose-gc"],
    // A focused test (it.only) left in by mistake fails the run instead of skipping the rest.
    allowOnly: false,
    env: { LOG_LEVEL: "silent" },
  },
});
