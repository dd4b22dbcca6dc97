import "server-only";
import { checkBody } from "@/lib/auth/body-limit";

/** Where Floorview's launcher finds the body rule (it runs outside Next's bundles). */
const BODY_CHECK = Symbol.for("floorview.checkBody");

/** Called once the server runs (instrumentation.ts): from now on the launcher refuses oversized bodies before Next.js reads them. */
export function offerBodyCheck(): void {
  (globalThis as { [BODY_CHECK]?: typeof checkBody })[BODY_CHECK] = checkBody;
}
