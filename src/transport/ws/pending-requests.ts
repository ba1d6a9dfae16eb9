/**
 * Requests waiting for their venue response(s), each with its own deadline.
 *
 * A timeout rejects with `KrakenTransportError` failure `timeout`; a dropped socket rejects every
 * waiter with failure `closed`. Neither says anything about what the venue did: for an order the
 * caller must treat the outcome as unknown and reconcile (docs/reliability.md N8, O1). A response that
 * arrives after its waiter is gone is reported by the caller as "late", never silently dropped.
 */
import { KrakenTransportError } from '../../core/errors.js';
import type { Clock, TimerHandle } from '../../core/clock.js';

interface Waiter<T> {
  readonly expected: number;
  readonly received: T[];
  readonly resolve: (values: T[]) => void;
  readonly reject: (err: Error) => void;
  readonly timer: TimerHandle;
  readonly what: string;
}

export class PendingRequests<K, T> {
  readonly #waiters = new Map<K, Waiter<T>>();
  readonly #clock: Clock;
  readonly #endpoint: string;

  constructor(clock: Clock, endpoint: string) {
    this.#clock = clock;
    this.#endpoint = endpoint;
  }

  /**
   * Waits for `expected` responses under `key` (Spot subscribe answers once per symbol, cancel_order
   * once per order). Resolves with them in arrival order.
   */
  wait(key: K, what: string, timeoutMs: number, expected = 1): Promise<T[]> {
    if (this.#waiters.has(key)) {
      return Promise.reject(new KrakenTransportError(`duplicate request id for ${what}`, 'network', { endpoint: this.#endpoint }));
    }
    return new Promise<T[]>((resolve, reject) => {
      const timer = this.#clock.setTimeout(() => {
        if (this.#waiters.get(key)?.timer !== timer) return;
        this.#waiters.delete(key);
        reject(new KrakenTransportError(`${what}: no response within ${timeoutMs} ms`, 'timeout', { endpoint: this.#endpoint }));
      }, timeoutMs);
      this.#waiters.set(key, { expected: Math.max(1, expected), received: [], resolve, reject, timer, what });
    });
  }

  has(key: K): boolean {
    return this.#waiters.has(key);
  }

  /** The oldest outstanding key (Map keeps insertion order), for venues that answer errors without an id. */
  oldest(): K | undefined {
    return this.#waiters.keys().next().value;
  }

  /** Delivers one response; returns false when nobody waits for `key` (a late or unsolicited response). */
  deliver(key: K, value: T): boolean {
    const waiter = this.#waiters.get(key);
    if (waiter === undefined) return false;
    waiter.received.push(value);
    if (waiter.received.length >= waiter.expected) {
      this.#waiters.delete(key);
      this.#clock.clearTimeout(waiter.timer);
      waiter.resolve(waiter.received);
    }
    return true;
  }

  /** Resolves a waiter with the responses received so far (the venue will send no more). */
  complete(key: K): boolean {
    const waiter = this.#waiters.get(key);
    if (waiter === undefined) return false;
    this.#waiters.delete(key);
    this.#clock.clearTimeout(waiter.timer);
    waiter.resolve(waiter.received);
    return true;
  }

  /** Rejects one waiter with `err`; returns false when nobody waits for `key`. */
  fail(key: K, err: Error): boolean {
    const waiter = this.#waiters.get(key);
    if (waiter === undefined) return false;
    this.#waiters.delete(key);
    this.#clock.clearTimeout(waiter.timer);
    waiter.reject(err);
    return true;
  }

  /** The socket dropped: every waiter learns its request's fate is unknown. */
  rejectAll(reason: string): void {
    const waiters = [...this.#waiters.values()];
    this.#waiters.clear();
    for (const w of waiters) {
      this.#clock.clearTimeout(w.timer);
      w.reject(
        new KrakenTransportError(`${w.what}: connection closed before a response (${reason})`, 'closed', { endpoint: this.#endpoint }),
      );
    }
  }

  get size(): number {
    return this.#waiters.size;
  }
}
