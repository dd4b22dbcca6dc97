import { describe, expect, it, vi } from "vitest";
import { ApiError, fail, route } from "./http";

const req = new Request("http://floorview.test/api/thing?x=1");
const call = (handler: Parameters<typeof route<undefined>>[0]) => route(handler)(req, undefined);

describe("the one route pattern (route)", () => {
  it("sends data a handler returns as JSON that is never cached", async () => {
    const res = await call(async () => ({ agents: 3 }));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store, max-age=0");
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toEqual({ agents: 3 });
  });

  it("passes a Response it made through as it is (a CSV, a redirect)", async () => {
    const res = await call(async () => new Response("a,b\n", { status: 200, headers: { "Content-Type": "text/csv" } }));
    expect(res.headers.get("content-type")).toBe("text/csv");
    expect(await res.text()).toBe("a,b\n");
  });

  it("answers a thrown ApiError with its code's status, its message, its headers and what it adds", async () => {
    const res = await call(async () => fail("starting", "Still reading the feed.", { headers: { "Retry-After": "2" } }));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(await res.json()).toEqual({ error: { code: "starting", message: "Still reading the feed." } });
    const upload = await call(async () => {
      throw new ApiError("bad_request", "2 problems in the schedule; nothing was saved.", { error: { problems: [{ line: 3 }] }, body: { upload: { rows: 0 } } });
    });
    expect(upload.status).toBe(400);
    expect(await upload.json()).toEqual({ upload: { rows: 0 }, error: { code: "bad_request", message: "2 problems in the schedule; nothing was saved.", problems: [{ line: 3 }] } });
  });

  it("knows an ApiError thrown by another copy of the module (each route's bundle has one; the runtime's services are shared)", async () => {
    vi.resetModules();
    const other = await import("./http");
    expect(other.ApiError).not.toBe(ApiError);
    const res = await call(async () => other.fail("not_found", "No sessions of that person among those you may end."));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "No sessions of that person among those you may end." } });
  });

  it("turns any other failure into one generic 500 that echoes nothing of it", async () => {
    const res = await call(async () => {
      throw new Error("password=hunter2 at db.internal:5432");
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text)).toEqual({ error: { code: "internal_error", message: "Something went wrong on the Floorview server." } });
  });
});
