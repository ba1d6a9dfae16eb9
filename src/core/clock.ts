/**
 * The one time seam of krakenkit. Transport (reconnect backoff, request deadlines, idle
 * watchdogs), rate limiters, the node and the simulator all read time and arm timers through a
 * `Clock`, so one `ManualClock` drives a whole test deterministically: time moves only when the
 * test says so, and due timers fire in time order as it does.
 *
 * Time is integer epoch milliseconds. The node's nanosecond timestamps are derived from it.
 */
import { KrakenStateError } from './errors.js';

/** An opaque timer handle; only the clock that issued it can clear it. */
export type TimerHandle = unknown;

export interface Clock {
  /** Current time, epoch milliseconds. */
  nowMs(): number;
  /** Calls `fn` once, `ms` from now. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The wall clock. Timers are `unref`'d so an idle client never keeps the process alive on its own. */
export const systemClock: Clock = {
  nowMs: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface ManualTimer {
  readonly id: number;
  readonly dueMs: number;
  readonly fn: () => void;
}

/**
 * A clock that only moves by hand. `advance`/`set` fire every timer that falls due on the way,
 * earliest first (ties in the order they were armed), each with `nowMs()` at its own due time;
 * a timer armed by a callback fires in the same call when it falls due before the target.
 */
export class ManualClock implements Clock {
  private t: number;
  private nextId = 1;
  private timers: ManualTimer[] = [];

  constructor(startMs: number = Date.now()) {
    this.t = startMs;
  }

  nowMs(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, dueMs: this.t + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }

  /** Timers armed and not yet fired. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing due timers on the way. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new KrakenStateError(`ManualClock.advance: ${ms} is not a non-negative duration`);
    this.runUntil(this.t + ms);
  }

  /** Moves time to `ms` (never backwards: an earlier time is ignored), firing due timers. */
  set(ms: number): void {
    if (ms > this.t) this.runUntil(ms);
  }

  private runUntil(targetMs: number): void {
    for (;;) {
      let next: ManualTimer | undefined;
      for (const timer of this.timers) if (timer.dueMs <= targetMs && (next === undefined || timer.dueMs < next.dueMs)) next = timer;
      if (next === undefined) break;
      const due = next;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = Math.max(this.t, due.dueMs);
      due.fn();
    }
    this.t = targetMs;
  }
}
