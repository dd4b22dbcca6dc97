import { currentLabels } from "@/lib/labels/current";
import type { ReasonCategory } from "@/lib/labels/types";

/**
 * How a reason code reads on screen. Kore.ai documents no codes (each tenant defines its own):
 * the labels config names them; a code it does not know is shown exactly as sent.
 */
export function reasonLabel(code: string): string {
  return currentLabels().reasons[code]?.label ?? code;
}

/** Where there is no "Reason" heading (a wallboard tile): an unknown code reads "Reason 9". */
export function reasonPhrase(code: string): string {
  return currentLabels().reasons[code]?.label ?? `Reason ${code}`;
}

export function reasonCategory(code: string | null): ReasonCategory | null {
  return code === null ? null : (currentLabels().reasons[code]?.category ?? null);
}
