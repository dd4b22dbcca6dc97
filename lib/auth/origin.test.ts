import { describe, expect, it } from "vitest";
import { isCrossSite, isCrossSiteExport } from "./origin";

const req = (method: string, headers: Record<string, string>) => ({
  method,
  url: "http://floorview.internal:3000/api/auth/logout",
  headers: { get: (n: string) => headers[n.toLowerCase()] ?? null },
});

describe("cross-site requests", () => {
  it("refuses a state-changing request a browser sends from another site", () => {
    expect(isCrossSite(req("POST", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSite(req("POST", { "sec-fetch-site": "same-site", origin: "https://other.floorview.example" }))).toBe(true);
    // An older browser without Sec-Fetch-Site: its Origin decides.
    expect(isCrossSite(req("POST", { origin: "https://evil.example", host: "floorview.example" }))).toBe(true);
    expect(isCrossSite(req("DELETE", { origin: "null", host: "floorview.example" }))).toBe(true);
  });

  it("lets Floorview's own pages, reads, and non-browser clients through", () => {
    expect(isCrossSite(req("POST", { "sec-fetch-site": "same-origin", origin: "https://floorview.example" }))).toBe(false);
    expect(isCrossSite(req("POST", { origin: "https://floorview.example", host: "floorview.example" }))).toBe(false);
    // Behind a reverse proxy that says which host the browser asked for.
    expect(isCrossSite(req("POST", { origin: "https://floorview.example", host: "127.0.0.1:3000", "x-forwarded-host": "floorview.example" }))).toBe(false);
    expect(isCrossSite(req("GET", { "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(isCrossSite(req("POST", {}))).toBe(false);
  });
});

describe("an export from another site", () => {
  const req = (site: string | null) => ({ headers: { get: (n: string) => (n === "sec-fetch-site" ? site : null) } });
  it("is refused when the browser says another site sent it; typed in, Floorview's own page and a script are not", () => {
    expect(isCrossSiteExport(req("cross-site"))).toBe(true);
    expect(isCrossSiteExport(req("same-site"))).toBe(true);
    expect(isCrossSiteExport(req("same-origin"))).toBe(false);
    expect(isCrossSiteExport(req("none"))).toBe(false);
    expect(isCrossSiteExport(req(null))).toBe(false);
  });
});
