import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { heartbeat } from './api';

export const HEARTBEAT_MS = 20_000;
const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;

/**
 * While a task is being worked on, beats every 20 s to keep its lease and count
 * active time: `active` says whether there was any input since the last beat,
 * so a page left open in a corner is not counted as work. A beat the server
 * refuses (409, 403, 404) means the lease is gone.
 */
export function useLease(taskId: string, working: boolean, initialExpiry: string | null) {
  const [expiresAt, setExpiresAt] = useState<string | null>(initialExpiry);
  const [lost, setLost] = useState(false);
  const active = useRef(false);

  useEffect(() => setExpiresAt(initialExpiry), [initialExpiry]);
  useEffect(() => setLost(false), [taskId]);

  useEffect(() => {
    if (!working) return;
    const mark = () => (active.current = true);
    for (const e of INPUT_EVENTS) window.addEventListener(e, mark, { passive: true });
    const beat = async () => {
      const wasActive = active.current;
      active.current = false;
      try {
        const r = await heartbeat(taskId, wasActive);
        setExpiresAt(r.leaseExpiresAt);
      } catch (err) {
        if (err instanceof ApiError && [403, 404, 409].includes(err.status)) setLost(true);
        // Other failures (network) are retried by the next beat.
      }
    };
    const timer = setInterval(() => void beat(), HEARTBEAT_MS);
    return () => {
      clearInterval(timer);
      for (const e of INPUT_EVENTS) window.removeEventListener(e, mark);
    };
  }, [taskId, working]);

  return { expiresAt, lost };
}

/** Seconds until a moment, ticking once a second; null without one. */
export function useCountdown(until: string | null) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until ? Math.max(0, Math.round((Date.parse(until) - now) / 1000)) : null;
}

export const mmss = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
