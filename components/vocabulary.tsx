"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { Labels } from "@/lib/states/labels";
import type { ThresholdRule } from "@/lib/states/thresholds";
import { Vocabulary } from "@/lib/states/vocabulary";

/**
 * The state vocabulary for everything below: built from the labels config and the thresholds the
 * server page hands down (the same values the server uses), held in React context, never in a
 * module variable.
 */
const VocabularyContext = createContext<Vocabulary | null>(null);

export function VocabularyProvider({ labels, thresholds, children }: { labels: Labels; thresholds: readonly ThresholdRule[]; children: ReactNode }) {
  const vocab = useMemo(() => new Vocabulary(labels, thresholds), [labels, thresholds]);
  return <VocabularyContext value={vocab}>{children}</VocabularyContext>;
}

export function useVocabulary(): Vocabulary {
  const vocab = useContext(VocabularyContext);
  if (!vocab) throw new Error("useVocabulary: no VocabularyProvider above this component (app/layout.tsx renders one)");
  return vocab;
}
