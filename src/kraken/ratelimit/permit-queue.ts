/**
 * The queue in front of a set of leaky counters. A request asks for a permit naming what it will
 * charge (`Demand`s); it waits, in order, until every counter it needs has room, then all its
 * costs are charged at once and it may go. Nothing fails because a counter is full: it waits.
 *
 * - Two lanes: order entry goes before reads, always. A read never holds up an order.
 * - First come, first served per counter: a request blocked on a counter blocks later requests on
 *   that counter (a dear history call is not starved by cheap ones), but not requests on others
 *   (an order on one pair never waits for another pair).
 * - Cancels charge their counter without waiting for it (`noWait`).
 * - A request that would wait longer than its bound is refused at once with
 *   `KrakenRateLimitWaitError`, the expected wait in its message; one that is still queued when
 *   its bound runs out (the venue pushed the counter up meanwhile) is refused then.
 * - `holdUntil(ms)`: no permit at all before that time (Kraken's `EService: Throttled: <ts>`).
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import { KrakenRateLimitWaitError, KrakenTransportError } from '../../core/errors.js';
import type { LeakyCounter } from './leaky-counter.js';

export type PermitLane = 'order' | 'read';

export interface Demand {
  readonly counter: LeakyCounter;
  readonly cost: number;
  /** The limit's name in errors (`spot-rest`, `spot-trading XBTUSD`, …). */
  readonly limit: string;
  /** Charged, never waited for (cancels). */
  readonly noWait?: boolean;
}

export interface PermitRequest {
  readonly lane: PermitLane;
  /** Evaluated when the permit is granted, so an age-dependent cost is priced when it is sent. */
  readonly demands: () => readonly Demand[];
  readonly maxWaitMs: number;
  readonly endpoint?: string;
  readonly signal?: AbortSignal;
}

interface Ticket extends PermitRequest {
  readonly deadlineMs: number;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
  readonly detach: () => void;
}

export class PermitQueue {
  readonly #clock: Clock;
  readonly #lanes: Record<PermitLane, Ticket[]> = { order: [], read: [] };
  #holdUntilMs = 0;
  /** The armed wake-up timer; undefined while none is armed. */
  #timer: TimerHandle = undefined;
  #timerDueMs = Number.POSITIVE_INFINITY;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Requests waiting for a permit. */
  get waiting(): number {
    return this.#lanes.order.length + this.#lanes.read.length;
  }

  /** When no permit is given before (epoch ms), or 0. */
  get heldUntilMs(): number {
    return this.#holdUntilMs > this.#clock.nowMs() ? this.#holdUntilMs : 0;
  }

  holdUntil(ms: number): void {
    if (ms <= this.#holdUntilMs) return;
    this.#holdUntilMs = ms;
    this.#pump();
  }

  /** Re-examines the queue now (after a counter was raised: a request that can no longer make its bound fails at once). */
  refresh(): void {
    this.#pump();
  }

  acquire(request: PermitRequest): Promise<void> {
    if (request.signal?.aborted) return Promise.reject(aborted(request.endpoint));
    const expected = this.#expectedWait(request);
    if (expected.ms > request.maxWaitMs) return Promise.reject(waitError(expected.limit, expected.ms, request));
    if (expected.ms === 0 && this.waiting === 0) {
      this.#charge(request.demands());
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.#remove(ticket);
        reject(aborted(request.endpoint));
        this.#pump();
      };
      const ticket: Ticket = {
        ...request,
        deadlineMs: this.#clock.nowMs() + request.maxWaitMs,
        resolve,
        reject,
        detach: () => request.signal?.removeEventListener('abort', onAbort),
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      this.#lanes[request.lane].push(ticket);
      this.#pump();
    });
  }

  /** The wait a new request can expect: the costs queued ahead of it on its counters must drain first. */
  #expectedWait(request: PermitRequest): { ms: number; limit: string } {
    const now = this.#clock.nowMs();
    let worst = { ms: Math.max(0, this.#holdUntilMs - now), limit: 'throttled' };
    const ahead = request.lane === 'order' ? this.#lanes.order : [...this.#lanes.order, ...this.#lanes.read];
    for (const d of request.demands()) {
      if (d.noWait) continue;
      let queued = 0;
      for (const t of ahead) for (const q of t.demands()) if (q.counter === d.counter && !q.noWait) queued += q.cost;
      const ms = d.counter.msUntilFits(d.cost, queued);
      if (ms > worst.ms) worst = { ms, limit: d.limit };
    }
    return worst;
  }

  #pump(): void {
    const now = this.#clock.nowMs();
    let wakeMs = Number.POSITIVE_INFINITY;
    if (now < this.#holdUntilMs) wakeMs = this.#holdUntilMs;
    const blocked = new Set<LeakyCounter>();
    for (const lane of ['order', 'read'] as const) {
      for (const ticket of [...this.#lanes[lane]]) {
        const demands = ticket.demands();
        const waitingOn = demands.filter((d) => !d.noWait);
        let waitMs = now < this.#holdUntilMs ? this.#holdUntilMs - now : 0;
        let limit = 'throttled';
        const behind = waitingOn.some((d) => blocked.has(d.counter));
        for (const d of waitingOn) {
          const ms = d.counter.msUntilFits(d.cost);
          if (ms > waitMs) [waitMs, limit] = [ms, d.limit];
        }
        if (!behind && waitMs === 0) {
          this.#remove(ticket);
          this.#charge(demands);
          ticket.resolve();
          continue;
        }
        if (now + waitMs > ticket.deadlineMs || now >= ticket.deadlineMs) {
          this.#remove(ticket);
          ticket.reject(waitError(limit, now - (ticket.deadlineMs - ticket.maxWaitMs) + waitMs, ticket));
          continue;
        }
        for (const d of waitingOn) if (d.counter.msUntilFits(d.cost) > 0) blocked.add(d.counter);
        if (!behind) wakeMs = Math.min(wakeMs, now + waitMs);
        wakeMs = Math.min(wakeMs, ticket.deadlineMs);
      }
    }
    this.#arm(wakeMs);
  }

  #charge(demands: readonly Demand[]): void {
    for (const d of demands) d.counter.charge(d.cost);
  }

  #remove(ticket: Ticket): void {
    const lane = this.#lanes[ticket.lane];
    const i = lane.indexOf(ticket);
    if (i >= 0) lane.splice(i, 1);
    ticket.detach();
  }

  #arm(dueMs: number): void {
    if (dueMs === this.#timerDueMs) return;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerDueMs = dueMs;
    if (dueMs === Number.POSITIVE_INFINITY) return;
    this.#timer = this.#clock.setTimeout(
      () => {
        this.#timer = undefined;
        this.#timerDueMs = Number.POSITIVE_INFINITY;
        this.#pump();
      },
      Math.max(0, dueMs - this.#clock.nowMs()),
    );
    // The system clock's timers do not keep the process alive; a request waiting for its permit
    // must, as one waiting for its response does (a script awaiting it would otherwise just exit).
    const handle = this.#timer as { ref?: () => unknown } | undefined;
    if (typeof handle === 'object' && handle !== null && typeof handle.ref === 'function') handle.ref();
  }
}

function waitError(limit: string, expectedMs: number, request: PermitRequest): KrakenRateLimitWaitError {
  return new KrakenRateLimitWaitError(
    limit,
    expectedMs,
    request.maxWaitMs,
    request.endpoint === undefined ? {} : { endpoint: request.endpoint },
  );
}

function aborted(endpoint: string | undefined): KrakenTransportError {
  return new KrakenTransportError(
    'request aborted by the caller while waiting for the rate limiter',
    'closed',
    endpoint === undefined ? {} : { endpoint },
  );
}
