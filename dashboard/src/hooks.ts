import { useEffect, useRef, useState } from 'preact/hooks';

/** The current time, updated every `intervalMs` (countdowns, wait times). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** A function that runs `fn` once, `delayMs` after the last call (bursts of events become one re-read). */
export function useDebounced(fn: () => void, delayMs: number): () => void {
  const latest = useRef(fn);
  latest.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const ref = useRef<() => void>(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), delayMs);
  });
  return ref.current;
}

/** Runs `fn` every `intervalMs` while mounted (the live events are a shortcut; this is the safety net). */
export function useInterval(fn: () => void, intervalMs: number): void {
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    const timer = setInterval(() => latest.current(), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
}

/**
 * A function that moves the focus to the element with the given id once the render the same change causes is done:
 * a new field, or the neighbour of a button that disappears (the focus would otherwise fall back to the page).
 */
export function useFocusAfterRender(): (id: string) => void {
  const pending = useRef<string | undefined>(undefined);
  const [requests, setRequests] = useState(0);
  useEffect(() => {
    if (pending.current) document.getElementById(pending.current)?.focus();
    pending.current = undefined;
  }, [requests]);
  return (id) => {
    pending.current = id;
    setRequests((count) => count + 1);
  };
}
