import { describe, expect, it } from "vitest";
import type { AgentSnapshot } from "@/lib/api-types";
import { agentsCsv } from "@/lib/display/csv";
import { auditCsv } from "@/lib/server/access/audit";
import { scheduleCsv } from "@/lib/server/serve/schedules";
import { Vocabulary } from "@/lib/states/vocabulary";
import { csvDocument, csvDocumentParts, csvLine } from "./csv";

/**
 * Every export opened the way a spreadsheet opens it where the list separator is a comma, a
 * semicolon (German, French Excel) or a tab: quotes respected, each cell split out. No cell may
 * then begin with what a spreadsheet runs as a formula.
 */
function cellsAs(text: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator || c === "\n") {
      cells.push(cell.replace(/\r$/, ""));
      cell = "";
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

const HOSTILE = ["Ann;=1+1", "Ann\t=1+1", "Ann;+cmd|' /C calc'!A0", "x;@SUM(1)", "x;-2+3", "Ann,=1+1", "=1+1", "\t=1+1", "a;b\t;=c", 'Ann";=1+1'];
/** What a spreadsheet runs: a cell starting with =, +, - or @, but for a plain negative number (a number to it). */
const FORMULA = /^(?!-\d+(\.\d+)?$)[=+\-@]/;

function expectSafe(csv: string) {
  for (const separator of [",", ";", "\t"]) {
    const unsafe = cellsAs(csv.replace(/^\ufeff/, ""), separator).filter((c) => FORMULA.test(c));
    expect(unsafe, `separator ${JSON.stringify(separator)}`).toEqual([]);
  }
}

describe("CSV safe to open where the list separator is a semicolon or a tab", () => {
  it("quotes a cell holding a semicolon or a tab, so no part of it becomes a cell of its own", () => {
    expect(csvLine(["Ann;=1+1", "b"])).toBe('"Ann;=1+1",b');
    expect(csvLine(["Ann\t=1+1"])).toBe('"Ann\t=1+1"');
    for (const value of HOSTILE) expectSafe(csvLine([value, value]));
  });

  it("leaves a plain negative number as a number (intraday's difference), and anything more after a minus as text", () => {
    expect(csvLine(["-2", "-0.67", "-2+3", "-2;x", "-1e3", "--2"])).toBe(`-2,-0.67,'-2+3,"'-2;x",'-1e3,'--2`);
  });

  it("in every export: the grid's, the audit trail's, the schedules'", () => {
    const agent = (name: string, i: number): AgentSnapshot => ({ agentId: `a-${i}`, name, team: name, activity: "notready", reasonCode: name, since: "2026-11-27T09:00:00.000Z" }) as AgentSnapshot;
    expectSafe(agentsCsv(new Vocabulary(), HOSTILE.map(agent), Date.parse("2026-11-27T10:00:00Z")));
    expectSafe(auditCsv(HOSTILE.map((h, i) => ({ id: i, time: 0, actor: h, action: "sign_in", address: h, details: { note: h } }) as never)));
    expectSafe(scheduleCsv(HOSTILE.map((h) => ({ agentId: h, start: 0, end: 60_000, activity: h }) as never)));
  });

  it("every export is one kind of document: a byte-order mark (accented names read right), CRLF, the last line ended", () => {
    const agent = { agentId: "a-1", name: "Zoë Ångström", team: "Équipe", activity: "ready", reasonCode: null, since: "2026-11-27T09:00:00.000Z" } as AgentSnapshot;
    const documents = {
      grid: agentsCsv(new Vocabulary(), [agent], Date.parse("2026-11-27T10:00:00Z")),
      audit: auditCsv([{ id: 1, time: 0, actor: "Zoë Ångström", action: "sign_in", address: null, details: {} } as never]),
      schedules: scheduleCsv([{ agentId: "a-1", start: 0, end: 60_000, activity: "work" } as never]),
      report: [...csvDocumentParts([["name"], ["Zoë"]])].join(""),
    };
    for (const [what, csv] of Object.entries(documents)) {
      expect(csv.startsWith("\uFEFF"), what).toBe(true);
      expect(csv.endsWith("\r\n"), what).toBe(true);
      expect(csv.slice(1).replaceAll("\r\n", "").includes("\n"), what).toBe(false);
    }
    expect(documents.audit).toContain("Zoë Ångström");
    expect(csvDocument([])).toBe("\uFEFF");
    expect([...csvDocumentParts([])]).toEqual(["\uFEFF"]);
  });
});
