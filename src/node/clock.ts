/**
 * The node's view of time: nanosecond timestamps and named repeating timers, built on the one
 * time seam (`Clock` in src/core/clock.ts). Pass the node the same `ManualClock` as the WS
 * clients and the simulator, and one `advance()` moves all of them: periodic checks fire, and
 * every event carries the same time as the venue's.
 *
 * Timers have millisecond resolution (the core clock's unit): an interval is rounded down to
 * whole milliseconds, at least 1. Each repetition is armed against its scheduled time, not the
 * moment the callback ran, so a repeating timer does not drift.
 */
import { systemClock, type Clock, type TimerHandle } from '../core/clock.js';
import { KrakenStateError } from '../core/errors.js';

export type TimerCallback = (tsNs: bigint) => void;

export const NANOS_PER_SECOND = 1_000_000_000n;
export const NANOS_PER_MILLI = 1_000_000n;

export function secsToNs(secs: number): bigint {
  return BigInt(Math.round(secs * 1000)) * NANOS_PER_MILLI;
}

export interface NodeClockOptions {
  /**
   * Add the sub-millisecond part of the monotonic clock to timestamps, so two events within one
   * millisecond still get distinct times. Default: on for the wall clock, off for any other
   * clock (a test's `ManualClock` gives exact, repeatable timestamps).
   */
  readonly subMillisecond?: boolean;
}

interface RepeatingTimer {
  readonly intervalMs: number;
  readonly callback: TimerCallback;
  dueMs: number;
  handle: TimerHandle;
}

export class NodeClock {
  /** The time seam underneath, shared with whatever else the caller gave it to. */
  readonly source: Clock;
  readonly #subMillisecond: boolean;
  readonly #timers = new Map<string, RepeatingTimer>();

  constructor(source: Clock = systemClock, options: NodeClockOptions = {}) {
    this.source = source;
    this.#subMillisecond = options.subMillisecond ?? source === systemClock;
  }

  /** Nanoseconds since the Unix epoch. */
  timestampNs(): bigint {
    const ns = BigInt(Math.floor(this.source.nowMs())) * NANOS_PER_MILLI;
    if (!this.#subMillisecond) return ns;
    return ns + BigInt(Math.floor((performance.now() % 1) * 1e6));
  }

  /** Starts a repeating timer; names are unique per clock. The first call comes one interval from now. */
  setTimer(name: string, intervalNs: bigint, callback: TimerCallback): void {
    if (intervalNs <= 0n) throw new KrakenStateError(`timer ${name}: interval must be positive`);
    if (this.#timers.has(name)) throw new KrakenStateError(`timer ${name} already exists`);
    const intervalMs = Math.max(1, Number(intervalNs / NANOS_PER_MILLI));
    const timer: RepeatingTimer = { intervalMs, callback, dueMs: this.source.nowMs() + intervalMs, handle: undefined };
    this.#timers.set(name, timer);
    this.#arm(name, timer);
  }

  cancelTimer(name: string): void {
    const timer = this.#timers.get(name);
    if (timer === undefined) return;
    this.source.clearTimeout(timer.handle);
    this.#timers.delete(name);
  }

  cancelTimers(): void {
    for (const name of [...this.#timers.keys()]) this.cancelTimer(name);
  }

  get timerNames(): readonly string[] {
    return [...this.#timers.keys()];
  }

  #arm(name: string, timer: RepeatingTimer): void {
    timer.handle = this.source.setTimeout(
      () => {
        // A callback may cancel this timer (or replace it under the same name): only a live one repeats.
        if (this.#timers.get(name) !== timer) return;
        timer.dueMs += timer.intervalMs;
        // Behind by more than an interval (a blocked event loop): skip the missed runs rather than fire a burst.
        const now = this.source.nowMs();
        if (timer.dueMs <= now) timer.dueMs = now + timer.intervalMs;
        this.#arm(name, timer);
        timer.callback(this.timestampNs());
      },
      Math.max(0, timer.dueMs - this.source.nowMs()),
    );
  }
}
