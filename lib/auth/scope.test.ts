import { describe, expect, it } from "vitest";
import { asSeen, describeScope, EVERYTHING, inScope, scopeFromOptions, within } from "./scope";

const amara = { agentId: "a-1", name: "Amara Adeyemi", team: "Billing" };
const bo = { agentId: "a-2", name: "Bo Chen", team: "Sales" };
const nameless = { agentId: "a-3", name: null, team: null };

describe("scope", () => {
  it("reads a wallboard's options: teams, agents, prefix, privacy", () => {
    expect(scopeFromOptions(new URLSearchParams("teams=Sales,Billing, &privacy=1&prefix=Am&theme=light"))).toEqual({ teams: ["Billing", "Sales"], agents: null, prefix: "am", privacy: true });
    expect(scopeFromOptions(new URLSearchParams("theme=dark"))).toEqual(EVERYTHING);
  });

  it("lets in only the agents of its teams (any case), its agents, its name prefix", () => {
    const billing = scopeFromOptions(new URLSearchParams("teams=billing"));
    expect([amara, bo, nameless].filter((a) => inScope(a, billing))).toEqual([amara]);
    expect([amara, bo, nameless].filter((a) => inScope(a, scopeFromOptions(new URLSearchParams("agents=a-2,a-3"))))).toEqual([bo, nameless]);
    expect([amara, bo, nameless].filter((a) => inScope(a, scopeFromOptions(new URLSearchParams("prefix=bo"))))).toEqual([bo]);
    expect([amara, bo, nameless].filter((a) => inScope(a, EVERYTHING))).toHaveLength(3);
  });

  it("under privacy, a name leaves as initials", () => {
    const s = scopeFromOptions(new URLSearchParams("privacy=1"));
    expect(asSeen(amara, s).name).toBe("A.A.");
    expect(asSeen(asSeen(amara, s), s).name).toBe("A.A.");
    expect(asSeen(nameless, s).name).toBeNull();
    expect(asSeen(amara, EVERYTHING).name).toBe("Amara Adeyemi");
  });

  it("a link never exceeds its creator: a team lead's link is kept to their teams, and another team is refused", () => {
    const lead = { ...EVERYTHING, teams: ["Billing"] };
    expect(within(EVERYTHING, lead)).toEqual({ ok: true, scope: { ...EVERYTHING, teams: ["Billing"] } });
    expect(within(scopeFromOptions(new URLSearchParams("teams=billing&privacy=1")), lead)).toMatchObject({ ok: true, scope: { teams: ["billing"], privacy: true } });
    expect(within(scopeFromOptions(new URLSearchParams("teams=Billing,Sales")), lead)).toEqual({ ok: false, message: expect.stringContaining("Sales") });
    expect(within(scopeFromOptions(new URLSearchParams("teams=Sales")), EVERYTHING)).toMatchObject({ ok: true, scope: { teams: ["Sales"] } });
  });

  it("says what a scope shows in words", () => {
    expect(describeScope(EVERYTHING)).toBe("The whole floor");
    expect(describeScope(scopeFromOptions(new URLSearchParams("teams=Billing&privacy=1")))).toBe("Teams Billing · initials only");
  });
});
