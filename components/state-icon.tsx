import type { StateFamily } from "@/lib/states/family";

/** A shape per state family, so state never rests on colour alone. */
export function StateIcon({ family, className }: { family: StateFamily; className?: string }) {
  const common = { className, viewBox: "0 0 16 16", "aria-hidden": true, fill: "none", stroke: "currentColor", strokeWidth: 2, strokeLinecap: "round", strokeLinejoin: "round" } as const;
  switch (family) {
    case "ready":
      return (
        <svg {...common}>
          <path d="M3 8.5l3.2 3L13 4.5" />
        </svg>
      );
    case "busy":
      return (
        <svg {...common}>
          <path d="M4.5 2.5h2l1 3-1.5 1a7 7 0 003.5 3.5l1-1.5 3 1v2a1.5 1.5 0 01-1.5 1.5A10.5 10.5 0 013 4a1.5 1.5 0 011.5-1.5z" />
        </svg>
      );
    case "acw":
      return (
        <svg {...common}>
          <path d="M10.5 2.5l3 3L6 13H3v-3z" />
        </svg>
      );
    case "notready":
      return (
        <svg {...common}>
          <path d="M5.5 3v10M10.5 3v10" />
        </svg>
      );
    case "offline":
      return (
        <svg {...common}>
          <path d="M8 2v6M4.5 4.5a5 5 0 107 0" />
        </svg>
      );
    case "other":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="4.5" />
        </svg>
      );
    case "none":
      return (
        <svg {...common}>
          <path d="M4 8h8" />
        </svg>
      );
  }
}
