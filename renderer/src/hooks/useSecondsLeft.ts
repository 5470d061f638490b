import { useEffect, useState } from 'react';

/** Whole seconds from now until `deadlineMs` (ms since the epoch), never below 0. */
const secondsUntil = (deadlineMs: number): number => Math.max(0, Math.ceil((deadlineMs - Date.now()) / 1000));

/**
 * Whole seconds from now until `deadlineMs` (ms since the epoch), never below 0, updated every second while the
 * component is mounted and the deadline is ahead (a countdown: a device code's expiry).
 */
export function useSecondsLeft(deadlineMs: number): number {
  const [seconds, setSeconds] = useState(() => secondsUntil(deadlineMs));
  useEffect(() => {
    setSeconds(secondsUntil(deadlineMs));
    if (deadlineMs <= Date.now()) return undefined;
    const timer = setInterval(() => {
      const s = secondsUntil(deadlineMs);
      setSeconds(s);
      if (s === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [deadlineMs]);
  return seconds;
}
