"use client";

import { useEffect, type RefObject } from "react";

/**
 * A recharts chart reached by the keyboard takes the focus once drawn (its arrow keys read out
 * the intervals): recharts draws its focusable surface a render after mounting, so it is focused
 * as soon as it is there.
 */
export function useFocusWhenDrawn(box: RefObject<HTMLElement | null>, focusOnMount: boolean | undefined): void {
  useEffect(() => {
    const el = box.current;
    if (!focusOnMount || !el) return;
    const focus = () => {
      const surface = el.querySelector<SVGElement>('[tabindex="0"]');
      surface?.focus();
      return surface !== null;
    };
    if (focus()) return;
    const observer = new MutationObserver(() => focus() && observer.disconnect());
    observer.observe(el, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [box, focusOnMount]);
}
