import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { getRuntime } from "@/lib/server/runtime";
import "./globals.css";

export const metadata: Metadata = {
  title: "Floorview",
  description: "Live agent activity for Kore.ai contact centers",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#12151c" },
  ],
};

/**
 * Rendered per request, the 404 page too: a build starts nothing (no simulator, no store), and
 * every page carries its request's CSP nonce.
 */
export const dynamic = "force-dynamic";

/** Every page gets the state vocabulary of this server's labels config and thresholds. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const { labels, thresholds } = await getRuntime();
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans antialiased">
        <Providers labels={labels} thresholds={thresholds}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
