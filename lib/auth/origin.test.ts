import { describe, expect, it } from "vitest";
import { isCrossSite } from "./origin";

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
