/**
 * A `ManualClock` that knows when its next timer is due, and a driver that moves it there only
 * when every request in the test is waiting on a timer (none is in flight on a socket): simulated
 * time then passes exactly as fast as the limiter lets requests go, never while one is travelling.
 */
import { ManualClock, type TimerHandle } from '../../src/core/clock.js';

export class SteppingClock extends ManualClock {
  readonly #due = new Map<TimerHandle, number>();

  override setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle: TimerHandle = super.setTimeout(() => {
      this.#due.delete(handle);
      fn();
    }, ms);
    this.#due.set(handle, this.nowMs() + Math.max(0, ms));
    return handle;
  }

  override clearTimeout(handle: TimerHandle): void {
    this.#due.delete(handle);
    super.clearTimeout(handle);
  }

  /** When the earliest armed timer falls due, or undefined when none is armed. */
  nextDueMs(): number | undefined {
    let next: number | undefined;
    for (const due of this.#due.values()) if (next === undefined || due < next) next = due;
    return next;
  }
}

export interface DriveOptions {
  /** True when the test's work is complete. */
  readonly done: () => boolean;
  /** Requests the test has started and not yet seen settle (in flight, queued or between steps). */
  readonly outstanding: () => number;
  /** Requests waiting in limiters (on a timer, not a socket). */
  readonly waiting: () => number;
  /** Real-time bound on the whole drive. */
  readonly realTimeoutMs?: number;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Advances `clock` timer by timer while everything outstanding is waiting on it. */
export async function driveClock(clock: SteppingClock, options: DriveOptions): Promise<void> {
  const deadline = Date.now() + (options.realTimeoutMs ?? 60_000);
  while (!options.done()) {
    if (Date.now() > deadline)
      throw new Error(
        `driveClock: not done after ${options.realTimeoutMs ?? 60_000} ms of real time (outstanding ${options.outstanding()}, waiting ${options.waiting()})`,
      );
    await turn();
    if (options.done()) break;
    if (options.outstanding() > 0 && options.outstanding() === options.waiting()) {
      const due = clock.nextDueMs();
      if (due === undefined) throw new Error('driveClock: every request waits, but no timer is armed');
      clock.advance(Math.max(0, due - clock.nowMs()));
    }
  }
}
