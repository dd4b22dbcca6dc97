"use client";

import { Suspense, useEffect, useRef, useState, type ReactNode } from "react";

/**
 * Renders `children` once its box is in view and the page is idle (or as the page is about to be
 * printed), and until then a box of the same height: a chart below the fold costs its page
 * nothing (not even its library's code, when `children` is a lazy component) until someone
 * scrolls to it, and nothing moves when it arrives. Once shown it stays.
 */
export function WhenInView({ height, children, className }: { height: number; children: ReactNode; className?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el || shown) return;
    const show = () => setShown(true);
    // In view: loaded once the page is idle (its first render and paint come first).
    let idle: number | null = null;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting) || idle !== null) return;
      idle = typeof requestIdleCallback === "function" ? requestIdleCallback(show, { timeout: 2_000 }) : window.setTimeout(show, 200);
    });
    observer.observe(el);
    window.addEventListener("beforeprint", show);
    return () => {
      observer.disconnect();
      if (idle !== null) (typeof cancelIdleCallback === "function" ? cancelIdleCallback : clearTimeout)(idle);
      window.removeEventListener("beforeprint", show);
    };
  }, [shown]);
  const placeholder = <div style={{ height }} className="animate-pulse rounded-md bg-surface-muted motion-reduce:animate-none" aria-hidden />;
  return (
    <div ref={box} className={className} style={{ minHeight: height }} data-when-in-view={shown ? "shown" : "waiting"}>
      {shown ? <Suspense fallback={placeholder}>{children}</Suspense> : placeholder}
    </div>
  );
}
