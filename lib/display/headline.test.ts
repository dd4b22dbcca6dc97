import { describe, expect, it } from "vitest";
import type { AgentSnapshot } from "@/lib/api-types";
import { Vocabulary } from "@/lib/states/vocabulary";
import { headline } from "./headline";

const a = (agentId: string, activity: string | null): AgentSnapshot => ({ agentId, name: agentId, activity, reasonCode: null, since: null, lastEventAt: null, team: null });

describe("the headline", () => {
  it("counts the logged-in floor, who is available, on a call, not ready (with its share of the logged in) and past alert", () => {
    const floor = [a("r1", "ready"), a("r2", "ready"), a("b1", "busy"), a("c1", "acw"), a("n1", "notready"), a("n2", "away"), a("o1", "logout"), a("x1", null)];
    const h = headline(new Vocabulary(), floor, new Map([["n1", { level: "alert", limitMs: 1 }]]));
    expect(h).toEqual({ loggedIn: 6, available: 2, onCall: 1, notReady: 2, notReadyShare: 2 / 6, pastAlert: 1 });
    expect(headline(new Vocabulary(), [a("o1", "logout")], new Map()).notReadyShare).toBe(0);
  });
});
