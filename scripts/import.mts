/**
 * `npm run import -- --days 30`: reads the days before the live window from Kore.ai into
 * Floorview's store, once (a larger import than FLOORVIEW_IMPORT_DAYS), inside the request budget.
 * With a Floorview running on the same store, it asks that server to do it (through the store:
 * one reader of Kore.ai per account, inside one budget) and follows its progress; otherwise it
 * reads itself. Resumable: what the store already covers is never read again.
 */
import { parseConfig, ConfigError } from "@/lib/config";
import { arg, fail, loadEnv } from "./cli.mjs";
import { createKoreClient } from "@/lib/kore/client";
import { createTokenProvider } from "@/lib/kore/jwt";
import { HistoryStore } from "@/lib/server/feed/history";
import { Importer, IMPORT_PROGRESS_KEY, IMPORT_REQUEST_KEY, type ImportProgress } from "@/lib/server/feed/importer";
import { RequestBudget } from "@/lib/server/feed/request-budget";
import { StoreWriter } from "@/lib/server/feed/store-writer";
import { openStore, StoreError, type StoreTarget } from "@/lib/store/open";

const DAY = 86_400_000;

const days = Number(arg("--days") ?? "");
if (!Number.isInteger(days) || days < 1 || days > 3650) fail("Usage: npm run import -- --days N   (N: whole days before the live window, 1 to 3650)");
loadEnv();
let config;
try {
  config = parseConfig(process.env);
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}
if (!config.kore) fail("No KORE_BASE_URL: the built-in simulator makes up its floor at each start, so there is nothing to import. Point Floorview at a tenant first (see .env.example).");
if (days * DAY > config.store.retentionMs) fail(`--days ${days} is beyond FLOORVIEW_RETENTION_DAYS (${config.store.retentionMs / DAY}): those days would be pruned as soon as they are read.`);
const kore = config.kore;
const target: StoreTarget = config.store.databaseUrl ? { engine: "postgres", url: config.store.databaseUrl } : { engine: "sqlite", dataDir: config.store.dataDir };
const tenant = `kore:${kore.accountId}`;
const show = (p: ImportProgress) => `${p.status}: ${p.chunksDone}/${p.chunksTotal} chunks${p.chunksFailed ? `, ${p.chunksFailed} failed` : ""}${p.from ? ` (${p.from} to ${p.to})` : ""}${p.message ? ` — ${p.message}` : ""}`;

/** Leaves the request for a running server and follows its progress; false when nobody takes it up. */
async function askServer(lock: boolean): Promise<boolean> {
  const store = await openStore(target, { tenant, onForeignTenant: "refuse", lock });
  const at = new Date().toISOString();
  await store.putMeta(IMPORT_REQUEST_KEY, JSON.stringify({ days, at }));
  console.log(`Asked the running Floorview to import ${days} days; following its progress (Ctrl-C leaves it running).`);
  let taken = false;
  let last = "";
  for (let waited = 0; ; waited += 1_000) {
    await new Promise((r) => setTimeout(r, 1_000));
    const raw = await store.meta(IMPORT_PROGRESS_KEY);
    const p = raw ? (JSON.parse(raw) as ImportProgress & { requestAt?: string }) : null;
    if (p?.requestAt === at) {
      taken = true;
      const line = show(p);
      if (line !== last) console.log(line);
      last = line;
      if (p.status === "done" || p.status === "paused") break;
    } else if (!taken && waited > 120_000) {
      break;
    }
  }
  await store.close();
  return taken;
}

async function importHere(): Promise<void> {
  const store = await openStore(target, { tenant, onForeignTenant: "refuse" });
  const writer = new StoreWriter(store, { retentionMs: config!.store.retentionMs });
  const client = createKoreClient({
    baseUrl: kore.baseUrl,
    accountId: kore.accountId,
    streamId: kore.streamId,
    tokens: createTokenProvider(kore.jwt),
    timeoutMs: config!.requestTimeoutMs,
    eventTimeZone: config!.eventTimeZone,
    maxBodyBytes: config!.maxBodyBytes,
  });
  const budget = new RequestBudget(config!.maxRequestsPerMinute);
  const history = new HistoryStore(client, budget, { chunkMs: config!.historyChunkMs, maxEvents: 1, reserve: 0 });
  history.store = writer;
  const importer = new Importer(history, writer, { health: { backfilled: true } }, { importMs: days * DAY, backfillMs: config!.backfillMs, reserve: 0 });
  const timer = setInterval(() => console.log(show(importer.progress)), 5_000);
  const p = await importer.pass(days * DAY);
  clearInterval(timer);
  console.log(show(p));
  await writer.close();
  if (p.status !== "done") process.exitCode = 2;
}

try {
  await openStore(target, { tenant, onForeignTenant: "refuse" }).then((s) => s.close());
  // The store is free (embedded) or shared (Postgres, where a server may be running).
  if (target.engine === "sqlite" || !(await askServer(true))) await importHere();
} catch (err) {
  if (err instanceof StoreError && /in use by another Floorview/.test(err.message)) {
    if (!(await askServer(false))) fail("The running Floorview did not take the request up within 2 minutes (it may be finishing another import pass: run this again later), or it is an older version.");
  } else {
    fail(err instanceof Error ? err.message : String(err));
  }
}
process.exit();
