/**
 * A process that writes batches to an embedded store until it is killed (the kill -9 test in
 * lib/server/feed/store.integration.test.ts). Batch n: 20,000 events of agents `b<n>-<i>`, with the
 * watermark set to n, in one transaction; "written n" on stdout after each.
 */
import { openStore } from "@/lib/store/open";

const dir = process.argv[2]!;
const store = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "child", onForeignTenant: "refuse" });
for (let n = 1; ; n++) {
  const events = Array.from({ length: 20_000 }, (_, i) => ({ agentId: `b${n}-${i % 500}`, time: n * 1e9 + i, activity: i % 2 ? "ready" : "notready", reasonCode: i % 2 ? null : "2" }));
  await store.record({ events, coveredFrom: n * 1e9, coveredUntil: n * 1e9 + 20_000, watermark: n });
  process.stdout.write(`written ${n}\n`);
}
