/**
 * Per-subscription staleness (docs/reliability.md N3): a subscription the venue acked can still deliver
 * nothing while the connection is healthy (NautilusTrader issue #4255), and heartbeats do not reveal it because
 * they only prove the connection. Each watched key (e.g. `book|BTC/USD`) has a threshold; a key
 * silent past it is reported once, then re-armed. The caller repairs (resubscribe), escalates
 * on recurrence (reconnect) and alerts on the repeat count reported here.
 */
import type { Clock, TimerHandle } from '../../core/clock.js';

export interface StaleReport {
  readonly key: string;
  readonly silentMs: number;
  /** Stale reports for this key within the last `repeatWindowMs` (including this one). */
  readonly repeats: number;
}

interface Watched {
  readonly thresholdMs: number;
  lastSeen: number;
}

export class StalenessWatchdog {
  readonly #clock: Clock;
  readonly #onStale: (report: StaleReport) => void;
  readonly #repeatWindowMs: number;
  readonly #watched = new Map<string, Watched>();
  readonly #history = new Map<string, number[]>();
  /** `undefined` while not armed. */
  #timer: TimerHandle = undefined;

  constructor(clock: Clock, onStale: (report: StaleReport) => void, repeatWindowMs = 60 * 60_000) {
    this.#clock = clock;
    this.#onStale = onStale;
    this.#repeatWindowMs = repeatWindowMs;
  }

  /** Starts (or restarts) watching `key`; silence is counted from now. */
  watch(key: string, thresholdMs: number): void {
    this.#watched.set(key, { thresholdMs, lastSeen: this.#clock.nowMs() });
    this.#schedule();
  }

  unwatch(key: string): void {
    this.#watched.delete(key);
    if (this.#watched.size === 0) this.#cancel();
  }

  /** Data arrived for `key`. */
  touch(key: string): void {
    const w = this.#watched.get(key);
    if (w !== undefined) w.lastSeen = this.#clock.nowMs();
  }

  /** Stops watching everything (the socket dropped); repeat history is kept. */
  clear(): void {
    this.#watched.clear();
    this.#cancel();
  }

  get size(): number {
    return this.#watched.size;
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#watched.size === 0) return;
    let tick = Infinity;
    for (const w of this.#watched.values()) tick = Math.min(tick, w.thresholdMs / 4);
    this.#timer = this.#clock.setTimeout(
      () => {
        this.#timer = undefined;
        this.#check();
        this.#schedule();
      },
      Math.max(5, Math.floor(tick)),
    );
  }

  #cancel(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #check(): void {
    const now = this.#clock.nowMs();
    for (const [key, w] of [...this.#watched]) {
      const silentMs = now - w.lastSeen;
      if (silentMs < w.thresholdMs) continue;
      w.lastSeen = now; // re-arm: one report per threshold of silence
      const history = (this.#history.get(key) ?? []).filter((t) => t > now - this.#repeatWindowMs);
      history.push(now);
      this.#history.set(key, history);
      this.#onStale({ key, silentMs, repeats: history.length });
    }
  }
}
