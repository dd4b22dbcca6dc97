import { NO_LABELS, type Labels } from "./types";

/**
 * The labels config in force in this JavaScript realm. The server parses it at start-up and the
 * root layout hands it to the browser, which installs it before anything renders; every screen
 * then reads one set of names, colours and teams through the display helpers.
 */
let current: Labels = NO_LABELS;

export function installLabels(labels: Labels): void {
  current = labels;
}

export function currentLabels(): Labels {
  return current;
}
