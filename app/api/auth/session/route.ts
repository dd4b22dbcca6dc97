import { loginOn, sessionOf } from "@/lib/auth/access";
import { route } from "@/lib/server/http/http";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/**
 * `{ mode, signedIn, user }`: how Floorview is protected, whether this browser is signed in, and
 * as whom (`{ name, role, teams }`, teams null for every team); user is null when signed out or
 * without a login.
 */
export const GET = route(async (req) => {
  const { auth } = (await getRuntime()).config;
  const session = await sessionOf(req, auth);
  const user = session && { name: session.name, role: session.role, teams: session.teams, via: session.via };
  return { mode: auth.mode, signedIn: !loginOn(auth) || session !== null, user };
});
