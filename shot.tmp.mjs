import { chromium } from "@playwright/test";
const [url, out, w, h, action] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--disable-background-networking"] });
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) }, colorScheme: process.env.SCHEME ?? "light" });
page.on("console", (m) => { if (m.type() === "error") console.log("console:", m.text()); });
page.on("pageerror", (e) => console.log("pageerror:", e.message));
await page.goto(url);
await page.waitForTimeout(Number(process.env.WAIT ?? 3000));
if (action === "hover") {
  const rect = page.locator('[data-timeline-chart] rect[data-activity="notready"]').last();
  await rect.hover({ force: true });
  await page.waitForTimeout(300);
}
await page.screenshot({ path: out, fullPage: process.env.FULL === "1" });
await browser.close();
