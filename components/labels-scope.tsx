"use client";

import type { ReactNode } from "react";
import { installLabels } from "@/lib/labels/current";
import type { Labels } from "@/lib/labels/types";

/**
 * Puts the server's labels config in force for everything below, before any of it renders
 * (on the server's render and in the browser alike). The config is the same for every request.
 */
export function LabelsScope({ labels, children }: { labels: Labels; children: ReactNode }) {
  installLabels(labels);
  return children;
}
