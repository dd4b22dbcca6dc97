"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { Labels } from "@/lib/states/labels";
import type { ThresholdRule } from "@/lib/states/thresholds";
import { VocabularyProvider } from "./vocabulary";

/** One QueryClient per browser tab, and the state vocabulary from the server's configuration. */
export function Providers({ labels, thresholds, children }: { labels: Labels; thresholds: readonly ThresholdRule[]; children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: true } } }));
  return (
    <QueryClientProvider client={client}>
      <VocabularyProvider labels={labels} thresholds={thresholds}>
        {children}
      </VocabularyProvider>
    </QueryClientProvider>
  );
}
