// Writes the labels config of a simulator started apart (its agents dealt into teams) to a file,
// for a Floorview pointed at that simulator as at a real tenant. Waits for the simulator to answer.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const [base, file] = process.argv.slice(2);
// As long as Playwright waits for the servers: on two cores, nine servers starting at once can
// keep the simulator from answering for a minute or more.
const deadline = Date.now() + 170_000;
for (;;) {
  try {
    const res = await fetch(`${base}/__sim/labels`);
    if (res.ok) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, await res.text());
      break;
    }
  } catch {
    // Not up yet.
  }
  if (Date.now() > deadline) throw new Error(`no labels from ${base} within 170 s`);
  await new Promise((r) => setTimeout(r, 250));
}
