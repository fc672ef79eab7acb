import { startTransition, useEffect, useState } from 'react';

/**
 * `value` once it has stopped changing for `ms` (the first time once the next frame is painted), set
 * in a transition. What the side panels and the scrollbar map show of 50,000
 * spans follows the document this way: worked out again once the keys pause,
 * not on every key press, and never before the document has painted.
 */
export function useSettled<T>(value: T, initial: T, ms: number): T {
  const [settled, setSettled] = useState(initial);
  const first = settled === initial;
  useEffect(() => {
    const set = () => startTransition(() => setSettled(value));
    if (!first) {
      const timer = setTimeout(set, ms);
      return () => clearTimeout(timer);
    }
    // The first time once the next frame is painted: a timeout of 0 alone could run before it, and then the panels
    // and the map of 50,000 spans were worked out in the frame that first shows the document.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(set, 0)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [value]);
  return settled;
}
