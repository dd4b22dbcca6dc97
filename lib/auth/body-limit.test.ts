import { describe, expect, it } from "vitest";
import { AUTH_BODY_LIMIT, BODY_LIMIT, checkBody, SCHEDULE_BODY_LIMIT } from "./body-limit";

describe("how large a body Floorview reads", () => {
  it("refuses an auth body over 8 KB, another over 1 MB, by its Content-Length", () => {
    expect(checkBody("POST", "/api/auth/login", String(AUTH_BODY_LIMIT + 1), false)).toMatchObject({ ok: false, status: 413, code: "payload_too_large" });
    expect(checkBody("POST", "/api/auth/login", String(AUTH_BODY_LIMIT), false)).toEqual({ ok: true });
    expect(checkBody("POST", "/api/links", String(BODY_LIMIT + 1), false)).toMatchObject({ ok: false, status: 413 });
    expect(checkBody("POST", "/api/links", String(AUTH_BODY_LIMIT * 4), false)).toEqual({ ok: true });
  });

  it("takes a week's schedule of a large floor, up to 32 MB, and no more", () => {
    expect(checkBody("POST", "/api/schedules", String(20 * BODY_LIMIT), false)).toEqual({ ok: true });
    expect(checkBody("POST", "/api/schedules", String(SCHEDULE_BODY_LIMIT + 1), false)).toMatchObject({ ok: false, status: 413, message: expect.stringContaining("schedule upload") });
    expect(checkBody("POST", "/api/schedules", null, true)).toMatchObject({ ok: false, status: 411 });
  });

  it("refuses a body of unknown length on every path, and never looks at reads", () => {
    for (const [method, path] of [["POST", "/api/auth/logout"], ["POST", "/api/links"], ["PUT", "/no/such/path"], ["DELETE", "/api/links/x"], ["PATCH", "/"]]) {
      expect(checkBody(method!, path!, null, true), `${method} ${path}`).toMatchObject({ ok: false, status: 411, code: "length_required" });
    }
    expect(checkBody("POST", "/api/auth/logout", null, false)).toEqual({ ok: true });
    expect(checkBody("GET", "/api/auth/session", String(BODY_LIMIT * 10), true)).toEqual({ ok: true });
  });
});
