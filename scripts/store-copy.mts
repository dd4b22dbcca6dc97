/**
 * `npm run store:copy -- --to postgres://…`: copies the embedded store (FLOORVIEW_DATA_DIR) into
 * the Postgres that DATABASE_URL will name: every event, the roster, the coverage, the
 * watermark, the wallboard links (revoked ones stay revoked) and the audit trail, so a move to Postgres keeps the history and needs no backfill. Stop Floorview first
 * (the embedded store is locked while it runs). Copying again writes nothing twice.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseConfig, ConfigError } from "@/lib/config";
import { arg, fail, loadEnv } from "./cli.mjs";
import { AccessStore } from "@/lib/store/access-store";
import { openStore, withoutPassword } from "@/lib/store/open";

const DAY = 86_400_000;

const to = arg("--to");
if (!to || !/^postgres(ql)?:\/\//.test(to)) fail("Usage: npm run store:copy -- --to postgres://user:password@host:5432/floorview");
loadEnv();
let dataDir: string;
try {
  dataDir = parseConfig(process.env).store.dataDir;
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}
if (!existsSync(join(dataDir, "floorview.db"))) fail(`FLOORVIEW_DATA_DIR: no store in ${dataDir} (no floorview.db): nothing to copy.`);
try {
  const source = await openStore({ engine: "sqlite", dataDir }, { tenant: null, onForeignTenant: "refuse" });
  const tenant = await source.meta("tenant");
  if (!tenant) fail(`${dataDir} holds no history yet.`);
  const target = await openStore({ engine: "postgres", url: to }, { tenant, onForeignTenant: "refuse" });
  const info = await source.info();
  console.log(`Copying ${info.events.toLocaleString("en")} events of ${tenant} from ${dataDir} to ${withoutPassword(to)}…`);
  const started = Date.now();
  if (info.oldestEvent !== null) {
    let copied = 0;
    for (let from = Math.floor(info.oldestEvent / DAY) * DAY; from <= Date.now() + DAY; from += DAY) {
      const events = await source.eventsBetween(from, from + DAY);
      if (events.length === 0) continue;
      await target.record({ events, coveredFrom: 0, coveredUntil: 0, watermark: null });
      copied += events.length;
      console.log(`  ${new Date(from).toISOString().slice(0, 10)}: ${events.length.toLocaleString("en")} events (${copied.toLocaleString("en")} so far)`);
    }
  }
  for (const range of await source.coverage(0, Number.MAX_SAFE_INTEGER)) await target.record({ events: [], coveredFrom: range.start, coveredUntil: range.end, watermark: null });
  const live = await source.loadLive(Date.now());
  if (live.roster.length > 0) await target.putRoster(live.roster, live.rosterLoadedAt ?? Date.now());
  for (const key of ["watermark", "pruned_before"]) {
    const value = await source.meta(key);
    if (value !== null) await target.putMeta(key, value);
  }
  // Links (revocations included) and the audit trail: links by id; the trail only into an empty one (copying again adds nothing).
  const [fromAccess, toAccess] = [new AccessStore(source.db), new AccessStore(target.db)];
  const links = await fromAccess.links(0);
  for (const l of links) await toAccess.putLink(l);
  const trail = (await toAccess.auditCount()) === 0 ? await fromAccess.audit({ limit: Number.MAX_SAFE_INTEGER }) : [];
  for (const e of trail.reverse()) await toAccess.appendAudit(e);
  console.log(`  ${links.length} wallboard links, ${trail.length} audit entries`);
  const copiedInfo = await target.info();
  await source.close();
  await target.close();
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s: Postgres holds ${copiedInfo.events.toLocaleString("en")} events. Set DATABASE_URL and start Floorview.`);
  process.exit(copiedInfo.events >= info.events ? 0 : 2);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
