/**
 * The test OpenID Provider's users and client (test/oidc-provider.ts), apart from the provider
 * itself (an ES module), so that the browser tests can read them.
 */

export interface TestUser {
  sub: string;
  name: string;
  email: string;
  groups: string[];
}

/** The users the tests sign in as (the login name is the key). */
export const TEST_USERS: Record<string, TestUser> = {
  admin: { sub: "admin", name: "Ada Admin", email: "ada@example.test", groups: ["floorview-admins"] },
  sup: { sub: "sup", name: "Sol Supervisor", email: "sol@example.test", groups: ["supervisors"] },
  lead: { sub: "lead", name: "Lee Billing-Lead", email: "lee@example.test", groups: ["billing-leads"] },
  viewer: { sub: "viewer", name: "Vi Sales-Viewer", email: "vi@example.test", groups: ["sales-viewers"] },
  nobody: { sub: "nobody", name: "No Body", email: "nobody@example.test", groups: ["marketing"] },
};

/** The client Floorview is registered as at the test provider. */
export const TEST_CLIENT = { clientId: "floorview-test", clientSecret: "floorview-test-client-secret-0123456789" } as const;
