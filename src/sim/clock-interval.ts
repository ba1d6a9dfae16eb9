/**
 * A repeating timer armed through a `Clock` (the simulator's stand-in for `setInterval`), so the
 * simulator's own periodic work runs on whichever clock it was given.
 */
import type { Clock, TimerHandle } from '../core/clock.js';

/** Calls `fn` every `intervalMs` on `clock` until the returned function is called. */
export function everyInterval(clock: Clock, intervalMs: number, fn: () => void): () => void {
  /** The armed timer; undefined until the first arm. */
  let handle: TimerHandle = undefined;
  let stopped = false;
  const arm = (): void => {
    handle = clock.setTimeout(() => {
      if (stopped) return;
      // Re-armed first, as setInterval would be: the next beat is due whatever `fn` does.
      arm();
      fn();
    }, intervalMs);
  };
  arm();
  return () => {
    stopped = true;
    if (handle !== undefined) clock.clearTimeout(handle);
  };
}
