import type { HealthResponse } from "@/lib/api-types";
import { E2E_PORT, LANE_B, SECURED, WALLBOARD_FLOORS } from "../playwright.config";

/**
 * Before any test: every background server has read its feed's history (`upstream.status: ok`),
 * not only answered. A server answers /api/health while it still backfills, and a test that ran
 * then would see a floor with no live edge (the two lanes start their first tests at once).
 */
export default async function waitForFloors(): Promise<void> {
  const servers: [number, Record<string, string>][] = [
    [E2E_PORT, {}],
    [LANE_B.port, {}],
    ...WALLBOARD_FLOORS.map((f): [number, Record<string, string>] => [f.port, {}]),
    [SECURED.port, { Authorization: `Bearer ${SECURED.metricsToken}` }],
  ];
  const deadline = Date.now() + 120_000;
  await Promise.all(
    servers.map(async ([port, headers]) => {
      for (;;) {
        const h = (await fetch(`http://127.0.0.1:${port}/api/health`, { headers }).then((r) => r.json(), () => null)) as HealthResponse | null;
        if (h?.upstream?.status === "ok") return;
        if (Date.now() > deadline) throw new Error(`the server on port ${port} did not finish reading its feed within 120 s: ${JSON.stringify(h?.upstream ?? h)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }),
  );
}
