import { describe, expect, it } from "vitest";
import type { AgentSnapshot } from "@/lib/api-types";
import { sameAgentsKept } from "./agents";

const agent = (id: string, activity: string, since = "2026-12-06T09:00:00.000Z"): AgentSnapshot => ({ agentId: id, name: `Agent ${id}`, activity, reasonCode: null, since, lastEventAt: since, team: "Sales" });
/** As a poll's answer arrives: new objects, whatever they hold. */
const fresh = (list: AgentSnapshot[]) => list.map((a) => ({ ...a }));

describe("a poll's agents against the last poll's", () => {
  it("an agent that did not change is the same object (its row is not rendered again); one that changed is the new one", () => {
    const before = [agent("a", "ready"), agent("b", "busy"), agent("c", "notready")];
    const next = fresh([agent("a", "ready"), agent("b", "acw", "2026-12-06T09:05:00.000Z"), agent("c", "notready")]);
    const kept = sameAgentsKept(before, next);
    expect(kept[0]).toBe(before[0]);
    expect(kept[1]).not.toBe(before[1]);
    expect(kept[1]).toEqual(agent("b", "acw", "2026-12-06T09:05:00.000Z"));
    expect(kept[2]).toBe(before[2]);
  });

  it("every field counts: a new name, reason, team or event time is a change", () => {
    const before = [agent("a", "notready")];
    for (const change of [{ name: "Ada" }, { reasonCode: "3" }, { team: "Billing" }, { lastEventAt: "2026-12-06T09:01:00.000Z" }, { since: "2026-12-06T09:01:00.000Z" }]) {
      const kept = sameAgentsKept(before, [{ ...before[0]!, ...change }]);
      expect(kept[0], JSON.stringify(change)).not.toBe(before[0]);
      expect(kept[0]).toMatchObject(change);
    }
  });

  it("nothing changed: the last poll's list itself; an agent gone, added or moved: a new list, the unchanged agents kept", () => {
    const before = [agent("a", "ready"), agent("b", "busy")];
    expect(sameAgentsKept(before, fresh(before))).toBe(before);
    const moved = sameAgentsKept(before, fresh([before[1]!, before[0]!]));
    expect(moved).not.toBe(before);
    expect(moved[0]).toBe(before[1]);
    const grown = sameAgentsKept(before, fresh([...before, agent("c", "ready")]));
    expect(grown).toHaveLength(3);
    expect(grown[1]).toBe(before[1]);
    expect(sameAgentsKept(before, fresh([before[0]!]))).toEqual([before[0]]);
    expect(sameAgentsKept(undefined, fresh(before))).toEqual(before);
  });
});
