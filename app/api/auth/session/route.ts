import { NextResponse } from "next/server";
import { hasSession } from "@/lib/auth/session";
import { NO_STORE, withErrors } from "@/lib/server/http";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/** `{ mode, signedIn }`: whether this browser is signed in, and how Floorview is protected. */
export const GET = withErrors(async (req) => {
  const { auth } = (await getRuntime()).config;
  return NextResponse.json({ mode: auth.mode, signedIn: await hasSession(req, auth) }, { headers: { "Cache-Control": NO_STORE } });
});
