import "server-only";
import type { AuthConfig } from "@/lib/config";

/**
 * Floorview's own address as people open it: FLOORVIEW_PUBLIC_URL when set (behind a reverse
 * proxy, set it); otherwise the request's own origin. The single sign-on's return address is
 * built from it, and must be registered at the identity provider.
 */
export function publicOrigin(req: Request, auth: AuthConfig): string {
  return auth.publicUrl ?? new URL(req.url).origin;
}
