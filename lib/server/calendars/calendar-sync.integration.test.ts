import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "@/lib/store/open";
import { ScheduleStore } from "@/lib/store/schedule-store";
import type { EventStore } from "@/lib/store/event-store";
import { CalendarSync, fetchCalendar, hostAllowed, redactUrl } from "./calendar-sync";

/**
 * Subscribed calendars against a real HTTP server started here: a clean calendar's rows put in
 * place (a weekly shift, one week off, over the four weeks from today); a calendar with a
 * problem changing nothing and keeping the problem; a host not allowed, and a redirect to one,
 * never reached; one instance of two reading a calendar when due.
 */

const NOW = Date.parse("2030-01-14T06:00:00Z");
const DAY = 86_400_000;
let server: Server;
let port = 0;
const hits: string[] = [];
let dir = "";
let store: EventStore;
let schedules: ScheduleStore;

const ics = (attendee: string) =>
  ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN", "BEGIN:VEVENT", "UID:w", "DTSTART;TZID=Europe/Berlin:20300114T090000", "DTEND;TZID=Europe/Berlin:20300114T170000", "RRULE:FREQ=WEEKLY", "EXDATE;TZID=Europe/Berlin:20300121T090000", "SUMMARY:Shift", `ATTENDEE:mailto:${attendee}`, "END:VEVENT", "END:VCALENDAR"].join("\r\n");

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url!);
    if (req.url === "/team.ics?token=secret123") return res.writeHead(200, { "content-type": "text/calendar" }).end(ics("ann@example.com"));
    if (req.url === "/bad.ics") return res.writeHead(200).end(ics("zed@example.com"));
    if (req.url === "/away") return res.writeHead(302, { location: `http://localhost:${port}/team.ics?token=secret123` }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  port = (server.address() as AddressInfo).port;
  dir = mkdtempSync(join(tmpdir(), "floorview-calendars-"));
  store = await openStore({ engine: "sqlite", dataDir: dir }, { tenant: "t", onForeignTenant: "reset" });
  schedules = new ScheduleStore(store.db);
});
afterAll(async () => {
  await store?.close();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const sync = (saved: string[] = []) =>
  new CalendarSync(schedules, {
    hosts: [`127.0.0.1:${port}`],
    pollMs: 3_600_000,
    zone: "Europe/Berlin",
    agentByEmail: (e) => (e === "ann@example.com" ? "kore-ann" : null),
    onSaved: async (sub, s) => void saved.push(`${sub.name}: ${s.rows} rows`),
    now: () => NOW,
  });

describe("subscribed calendars", () => {
  it("allow only the hosts (and ports) the operator listed, and never show a URL's token", () => {
    expect(hostAllowed(new URL("https://cal.example.com/a.ics"), ["cal.example.com"])).toBe(true);
    expect(hostAllowed(new URL("https://cal.example.com:8443/a.ics"), ["cal.example.com"])).toBe(false);
    expect(hostAllowed(new URL("https://team.example.org/a.ics"), ["*.example.org"])).toBe(true);
    expect(hostAllowed(new URL("https://example.org.evil.test/a.ics"), ["*.example.org"])).toBe(false);
    expect(hostAllowed(new URL("https://evilexample.org/a.ics"), ["*.example.org"])).toBe(false);
    expect(hostAllowed(new URL("file:///etc/passwd"), ["cal.example.com"])).toBe(false);
    expect(redactUrl("https://user:pw@calendar.google.com/calendar/ical/abc%40group/private-0123456789abcdef0123456789abcdef01234567/basic.ics?x=1")).toBe("https://calendar.google.com/…/basic.ics");
  });

  it("read a clean calendar's rows into the schedule, and keep a problem without changing anything", async () => {
    const saved: string[] = [];
    await schedules.calendars.add({ id: "c1", name: "Team", url: `http://127.0.0.1:${port}/team.ics?token=secret123`, profile: "iCalendar (.ics)", zone: null, createdAt: NOW, createdBy: "Sam" });
    await sync(saved).tick();
    const rows = await schedules.rows(NOW - DAY, NOW + 28 * DAY, ["kore-ann"]);
    // Mondays 09:00–17:00 Berlin (UTC+1 in winter) for four weeks, the 21st excepted.
    expect(rows.map((r) => [new Date(r.start).toISOString(), new Date(r.end).toISOString(), r.activity])).toEqual([
      ["2030-01-14T08:00:00.000Z", "2030-01-14T16:00:00.000Z", "work"],
      ["2030-01-28T08:00:00.000Z", "2030-01-28T16:00:00.000Z", "work"],
      ["2030-02-04T08:00:00.000Z", "2030-02-04T16:00:00.000Z", "work"],
    ]);
    expect(saved).toEqual(["Team: 3 rows"]);
    expect(await schedules.calendars.get("c1")).toMatchObject({ lastPollAt: NOW, lastOkAt: NOW, lastRows: 3, lastProblems: [], lastError: null, nextPollAt: NOW + 3_600_000 });

    // Not due again until its hour is up: a second instance claims nothing.
    await sync(saved).tick();
    expect(hits.filter((h) => h.startsWith("/team.ics"))).toHaveLength(1);

    await schedules.calendars.add({ id: "c2", name: "Bad", url: `http://127.0.0.1:${port}/bad.ics`, profile: "iCalendar (.ics)", zone: null, createdAt: NOW, createdBy: "Sam" });
    await sync(saved).tick();
    const bad = (await schedules.calendars.get("c2"))!;
    expect(bad).toMatchObject({ lastOkAt: null, lastError: "1 problem: nothing was changed." });
    expect(bad.lastProblems).toEqual([{ line: 4, column: "ATTENDEE", message: expect.stringContaining("zed@example.com") }]);
    expect(saved).toHaveLength(1);
  });

  it("never reach a host the operator did not allow, not even through a redirect", async () => {
    await expect(fetchCalendar(`http://localhost:${port}/team.ics?token=secret123`, [`127.0.0.1:${port}`])).rejects.toThrow(`localhost:${port} is not an allowed host`);
    const before = hits.length;
    await schedules.calendars.add({ id: "c3", name: "Away", url: `http://127.0.0.1:${port}/away`, profile: "iCalendar (.ics)", zone: null, createdAt: NOW, createdBy: "Sam" });
    await sync().tick();
    expect((await schedules.calendars.get("c3"))!.lastError).toBe(`localhost:${port} is not an allowed host (FLOORVIEW_CALENDAR_HOSTS): the calendar redirected there.`);
    // The redirect was read; its target never was.
    expect(hits.slice(before)).toEqual(["/away"]);
  });
});
