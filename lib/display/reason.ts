/**
 * How a reason code reads on screen. Kore.ai documents no codes (each tenant defines its own),
 * so until a labels config maps them, the code is shown as it is, named as a reason.
 */
export function reasonLabel(code: string): string {
  return `Reason ${code}`;
}
