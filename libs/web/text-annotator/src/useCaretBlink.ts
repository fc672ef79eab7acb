import { useEffect, type RefObject } from 'react';

/** How long the caret stays shown, then hidden, as it blinks. */
const BLINK_MS = 530;

/**
 * Blinks the caret by toggling a class on the view, and shows it steadily again whenever it moves. Not a CSS
 * animation: an infinite animation keeps the compositor making frames for as long as the editor is open, which
 * on two cores took CPU from the editor's own work (and, in a browser without a frame cap, all of a core).
 */
export function useCaretBlink(view: RefObject<HTMLElement | null>, caret: string) {
  useEffect(() => {
    const el = view.current;
    if (!el) return;
    el.classList.remove('is-caret-off');
    const timer = setInterval(() => el.classList.toggle('is-caret-off'), BLINK_MS);
    return () => clearInterval(timer);
  }, [view, caret]);
}
