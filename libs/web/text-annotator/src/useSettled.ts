import { startTransition, useEffect, useState } from 'react';

/**
 * `value` once it has stopped changing for `ms` (the first time at once), set
 * in a transition. What the side panels and the scrollbar map show of 50,000
 * spans follows the document this way: worked out again once the keys pause,
 * not on every key press, and never before the document has painted.
 */
export function useSettled<T>(value: T, initial: T, ms: number): T {
  const [settled, setSettled] = useState(initial);
  const first = settled === initial;
  useEffect(() => {
    const timer = setTimeout(() => startTransition(() => setSettled(value)), first ? 0 : ms);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}
