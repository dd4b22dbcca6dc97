/**
 * `next` values an attacker puts in a sign-in link to be sent on to another site once the person
 * has signed in (an open redirect: a phishing page that Floorview's own address vouched for).
 * Whatever comes through the password form or the single sign-on callback must land on
 * Floorview itself. Shared by the unit test of `safeNext` and the browser tests of both ways in.
 */
export const HOSTILE_NEXT: readonly string[] = [
  // Another host, plainly or protocol-relative.
  "https://evil.example",
  "//evil.example",
  "///evil.example",
  "////evil.example/",
  "http:evil.example",
  "https:/evil.example",
  // Backslashes, which browsers read as slashes.
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\\/evil.example",
  // Dot segments, removed once the origin is fixed.
  "/.//evil.example",
  "/..//evil.example",
  "/%2e//evil.example",
  "/%2E%2E//evil.example",
  "/a/..//evil.example",
  "/a/b/../..//evil.example",
  "/./\\evil.example",
  "/./%5cevil.example",
  "/..;/..//evil.example",
  // Control characters and whitespace, which browsers drop from a URL.
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/\u0000/evil.example",
  // Other schemes.
  "javascript:alert(document.domain)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  // Userinfo: floorview as a user name at another host.
  "//floorview@evil.example",
  "https://floorview.example@evil.example/",
  "/\\floorview:pw@evil.example",
  // Internationalised hosts that normalise to another site.
  "//ｅｖｉｌ.example",
  "//evil。example",
  "/\\xn--80ak6aa92e.com",
  // Encoded once more than the query decodes.
  "%2F%2Fevil.example",
  "%5C%5Cevil.example",
];

/** Where a landing must be: this origin (a path of Floorview's, even one that does not exist). */
export function landsOn(location: string, base: string): boolean {
  try {
    const url = new URL(location, base);
    return url.origin === new URL(base).origin && !/^\/[/\\]/.test(url.pathname);
  } catch {
    return false;
  }
}
