/**
 * Time and randomness seams for the WebSocket core, so reconnect backoff, request timeouts and
 * the idle watchdog can be driven deterministically in tests.
 */

export type TimerHandle = unknown;

export interface WsClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock. Timers are `unref`'d so an idle client never keeps the process alive on its own. */
export const systemClock: WsClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A source of uniform random numbers in [0, 1). */
export type RandomSource = () => number;
