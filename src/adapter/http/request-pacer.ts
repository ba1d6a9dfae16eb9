/**
 * Spaces REST requests to at most N per second, the adapter's default ceiling per Kraken API (5,
 * overridable by `maxRequestsPerSecond`). Paging history can issue hundreds of calls, and Kraken
 * may block an IP that goes past its limits, so each call waits for its slot on the clock.
 */
import { KrakenValidationError } from '../../core/errors.js';
import { systemClock, type Clock } from '../../core/clock.js';

export class RequestPacer {
  readonly #intervalMs: number;
  readonly #clock: Clock;
  #nextSlotMs = Number.NEGATIVE_INFINITY;

  constructor(requestsPerSecond: number, clock: Clock = systemClock) {
    if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) {
      throw new KrakenValidationError('RequestPacer', [{ path: '/requestsPerSecond', message: `must be a positive number, got ${String(requestsPerSecond)}` }]);
    }
    this.#intervalMs = 1000 / requestsPerSecond;
    this.#clock = clock;
  }

  /** Resolves when the next request may go out (at once when the last one is old enough). */
  acquire(): Promise<void> {
    const now = this.#clock.nowMs();
    const slot = Math.max(now, this.#nextSlotMs);
    this.#nextSlotMs = slot + this.#intervalMs;
    const wait = slot - now;
    if (wait <= 0) return Promise.resolve();
    return new Promise((resolve) => this.#clock.setTimeout(resolve, wait));
  }

  /** Runs `call` in its slot. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    await this.acquire();
    return call();
  }
}
