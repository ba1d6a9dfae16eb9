/**
 * Clocks with named timers. `LiveClock` uses the wall clock and `setInterval`; `TestClock` only
 * moves when told (`advanceTo`/`advanceBy`) and fires due timers in time order, so periodic
 * checks are tested without sleeping.
 */
import { KrakenStateError } from '../core/errors.js';

export type TimerCallback = (tsNs: bigint) => void;

export interface Clock {
  /** Nanoseconds since the Unix epoch. */
  timestampNs(): bigint;
  /** Starts a repeating timer; names are unique per clock. */
  setTimer(name: string, intervalNs: bigint, callback: TimerCallback): void;
  cancelTimer(name: string): void;
  cancelTimers(): void;
  readonly timerNames: readonly string[];
}

function checkInterval(name: string, intervalNs: bigint): void {
  if (intervalNs <= 0n) throw new KrakenStateError(`timer ${name}: interval must be positive`);
}

export class LiveClock implements Clock {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  timestampNs(): bigint {
    // Milliseconds from Date.now() plus the sub-millisecond part of the monotonic clock.
    const ms = BigInt(Date.now());
    const subMs = BigInt(Math.floor((performance.now() % 1) * 1e6));
    return ms * 1_000_000n + subMs;
  }
  setTimer(name: string, intervalNs: bigint, callback: TimerCallback): void {
    checkInterval(name, intervalNs);
    if (this.timers.has(name)) throw new KrakenStateError(`timer ${name} already exists`);
    const ms = Number(intervalNs / 1_000_000n);
    const handle = setInterval(() => callback(this.timestampNs()), Math.max(1, ms));
    handle.unref?.();
    this.timers.set(name, handle);
  }
  cancelTimer(name: string): void {
    const h = this.timers.get(name);
    if (h !== undefined) clearInterval(h);
    this.timers.delete(name);
  }
  cancelTimers(): void {
    for (const name of [...this.timers.keys()]) this.cancelTimer(name);
  }
  get timerNames(): readonly string[] {
    return [...this.timers.keys()];
  }
}

interface TestTimer {
  readonly intervalNs: bigint;
  readonly callback: TimerCallback;
  nextNs: bigint;
}

export class TestClock implements Clock {
  private nowNs: bigint;
  private readonly timers = new Map<string, TestTimer>();

  constructor(startNs = 0n) {
    this.nowNs = startNs;
  }
  timestampNs(): bigint {
    return this.nowNs;
  }
  setTimer(name: string, intervalNs: bigint, callback: TimerCallback): void {
    checkInterval(name, intervalNs);
    if (this.timers.has(name)) throw new KrakenStateError(`timer ${name} already exists`);
    this.timers.set(name, { intervalNs, callback, nextNs: this.nowNs + intervalNs });
  }
  cancelTimer(name: string): void {
    this.timers.delete(name);
  }
  cancelTimers(): void {
    this.timers.clear();
  }
  get timerNames(): readonly string[] {
    return [...this.timers.keys()];
  }
  /** Moves time forward, firing every due timer (earliest first) at its own due time. */
  advanceTo(tsNs: bigint): void {
    if (tsNs < this.nowNs) throw new KrakenStateError('TestClock cannot go backwards');
    for (;;) {
      let due: [string, TestTimer] | undefined;
      for (const entry of this.timers) if (entry[1].nextNs <= tsNs && (due === undefined || entry[1].nextNs < due[1].nextNs)) due = entry;
      if (due === undefined) break;
      const [, timer] = due;
      this.nowNs = timer.nextNs;
      timer.nextNs += timer.intervalNs;
      timer.callback(this.nowNs);
    }
    this.nowNs = tsNs;
  }
  advanceBy(deltaNs: bigint): void {
    this.advanceTo(this.nowNs + deltaNs);
  }
}

export const NANOS_PER_SECOND = 1_000_000_000n;
export const NANOS_PER_MILLI = 1_000_000n;

export function secsToNs(secs: number): bigint {
  return BigInt(Math.round(secs * 1000)) * NANOS_PER_MILLI;
}
