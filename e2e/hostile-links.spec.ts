import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { BASE, refused, signIn } from "./hostile";

/** Hostile input to wallboard links (e2e/hostile.ts says what every case must hold). */
test.describe("hostile input: wallboard links", () => {
  let signedIn: APIRequestContext;
  test.beforeAll(async ({ playwright }) => {
    signedIn = await signIn(playwright, "e2e-hostile-links");
  });
  test.afterAll(async () => {
    await signedIn.dispose();
  });

  test("wallboard links: hostile options, lifetimes and bodies are refused and make no link", async () => {
    const count = async () => ((await (await signedIn.get(`${BASE}/api/links`)).json()) as { links: unknown[] }).links.length;
    const before = await count();
    const cases: [string, unknown][] = [
      ["days: -1", { days: -1 }],
      ["days: 0", { days: 0 }],
      ["days: 1e9", { days: 1e9 }],
      ["days as text", { days: "7" }],
      ["days over AUTH_LINK_MAX_DAYS", { days: 3650 }],
      ["options over 2,000 characters", { options: `teams=${"x".repeat(2100)}` }],
      ["options not text", { options: { teams: "Billing" } }],
      ["an array", [{ days: 1 }]],
      ["null", null],
    ];
    for (const [what, data] of cases) await refused(await signedIn.post(`${BASE}/api/auth/wallboard-link`, { data: data as object }), what);
    for (const [what, data] of [["not JSON", "days=1"], ["truncated JSON", '{"days":']] as const) {
      await refused(await signedIn.post(`${BASE}/api/auth/wallboard-link`, { headers: { "Content-Type": "application/json" }, data }), what);
    }
    // A link's options are signed as given and shown escaped: markup in them is text, never a tag.
    const odd = await signedIn.post(`${BASE}/api/auth/wallboard-link`, { data: { days: 1, options: 'prefix=<img src=x onerror=alert(1)>&theme="dark' } });
    expect(odd.status()).toBe(200);
    const listed = await (await signedIn.get(`${BASE}/links`)).text();
    expect(listed).not.toContain("<img src=x");
    const { id } = (await odd.json()) as { id: string };
    expect((await signedIn.delete(`${BASE}/api/links/${id}`)).status()).toBe(200);
    // Revoking what is not there, or not a link id at all.
    for (const bad of ["no-such-link", "..%2F..%2Fetc%2Fpasswd", "%00", "x".repeat(500)]) await refused(await signedIn.delete(`${BASE}/api/links/${bad}`), `revoke ${bad.slice(0, 20)}`);
    expect(await count()).toBe(before + 1); // the odd one, listed as revoked
  });
});
