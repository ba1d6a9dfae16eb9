/** The limiter queues instead of failing, puts order entry first, bounds waits, and learns from the venue. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { KrakenRateLimitError, KrakenRateLimitWaitError, KrakenTransportError } from '../../../src/core/errors.js';
import { classifyVenueError } from '../../../src/kraken/common/error-table.js';
import { SpotRateLimiter } from '../../../src/kraken/ratelimit/spot-limiter.js';
import { PublicRateLimiter } from '../../../src/kraken/ratelimit/public-limiter.js';
import { LeakyCounter } from '../../../src/kraken/ratelimit/leaky-counter.js';

const T0 = Date.UTC(2026, 0, 5, 12);
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** Moves the clock 1 ms at a time, so a grant is recorded at the very millisecond it happens. */
async function stepTo(clock: ManualClock, offsetMs: number) {
  while (clock.nowMs() < T0 + offsetMs) {
    clock.advance(1);
    await flush();
  }
}

/** Starts `n` acquisitions and records, for each, the clock time it was granted (or the error). */
function track(clock: ManualClock, starts: (() => Promise<void>)[]) {
  const grantedAt: (number | undefined)[] = starts.map(() => undefined);
  const errors: unknown[] = starts.map(() => undefined);
  starts.forEach((start, i) => {
    // Both outcomes are recorded by the handlers; the chained promise carries nothing more.
    void start().then(
      () => (grantedAt[i] = clock.nowMs() - T0),
      (e: unknown) => (errors[i] = e),
    );
  });
  return { grantedAt, errors };
}

describe('LeakyCounter', () => {
  it('drains 0.33/s exactly over many charges (no float drift) and prices waits in whole ms', () => {
    const clock = new ManualClock(T0);
    const c = new LeakyCounter({ max: 15, decayPerSecond: 0.33 }, clock);
    for (let i = 0; i < 300; i++) {
      c.charge(0.5);
      clock.advance(1000);
    }
    // 150 charged, 99 drained over 300 s, never below zero in between: 51 left.
    expect(c.level()).toBe(51);
    expect(c.msUntilFits(1)).toBe(Math.ceil((37 / 0.33) * 1000));
    expect(c.msUntilFits(16)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('SpotRateLimiter queueing', () => {
  it('holds reads until the counter has room instead of failing them', async () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'starter', clock, maxRequestsPerSecond: 1000 });
    const { grantedAt, errors } = track(
      clock,
      Array.from({ length: 18 }, () => () => limiter.acquireRest(1)),
    );
    await flush();
    expect(grantedAt.filter((t) => t === 0)).toHaveLength(15);
    expect(limiter.waiting).toBe(3);
    await stepTo(clock, 10_000);
    // 1 / 0.33 s apart, the first at 3031 ms.
    expect(grantedAt.slice(15)).toEqual([3031, 6061, 9091]);
    expect(errors.every((e) => e === undefined)).toBe(true);
  });

  it('order entry is never queued behind reads', async () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'starter', clock, maxRequestsPerSecond: 1000, maxWaitMs: 3_600_000 });
    const reads = track(
      clock,
      Array.from({ length: 40 }, () => () => limiter.acquireRest(1)),
    );
    await flush();
    expect(limiter.waiting).toBe(25);
    const orders = track(clock, [
      () => limiter.acquireOrderEntry('XBTUSD', 'add'),
      () => limiter.acquireOrderEntry('XBTUSD', 'cancel', 1_000),
    ]);
    await flush();
    expect(orders.grantedAt).toEqual([0, 0]);
    expect(limiter.waiting).toBe(25);
    expect(reads.grantedAt.filter((t) => t !== undefined)).toHaveLength(15);
  });

  it('the ceiling holds reads; order entry counts toward it but is never held by it', async () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'pro', clock, maxRequestsPerSecond: 2 });
    const reads = track(
      clock,
      Array.from({ length: 4 }, () => () => limiter.acquireRest(1)),
    );
    const order = track(clock, [() => limiter.acquireOrderEntry('XBTUSD', 'add')]);
    await flush();
    expect(reads.grantedAt).toEqual([0, 0, undefined, undefined]);
    expect(order.grantedAt).toEqual([0]); // although the reads took both slots of this second
    await stepTo(clock, 2000);
    expect(reads.grantedAt).toEqual([0, 0, 1000, 1500]); // the order's slot is paid for by the reads behind it
  });

  it('first come first served per counter: a cost-2 history call is not starved by cheaper reads', async () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'pro', clock, maxRequestsPerSecond: 1000 });
    for (let i = 0; i < 20; i++) await limiter.acquireRest(1);
    const calls = track(clock, [() => limiter.acquireRest(2), () => limiter.acquireRest(1)]);
    clock.advance(1000);
    await flush();
    expect(calls.grantedAt).toEqual([undefined, undefined]); // 1 free, the cost-2 call needs 2, the cost-1 call waits behind it
    clock.advance(1000);
    await flush();
    expect(calls.grantedAt).toEqual([2000, undefined]);
    clock.advance(1000);
    await flush();
    expect(calls.grantedAt).toEqual([2000, 3000]);
  });

  it('a full pair never holds up another pair; cancels go even over the threshold, charged by age', async () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'starter', clock, maxRequestsPerSecond: 1000 });
    for (let i = 0; i < 60; i++) await limiter.acquireOrderEntry('XBTUSD', 'add');
    const held = track(clock, [() => limiter.acquireOrderEntry('XBTUSD', 'add')]);
    const other = track(clock, [
      () => limiter.acquireOrderEntry('ETHUSD', 'add'),
      () => limiter.acquireOrderEntry('XBTUSD', 'cancel', 2_000),
    ]);
    await flush();
    expect(held.grantedAt).toEqual([undefined]);
    expect(other.grantedAt).toEqual([0, 0]);
    expect(limiter.pairLevel('XBTUSD')).toBe(68); // 60 + a cancel of a 2 s old order (+8)
    clock.advance(8_999);
    await flush();
    expect(held.grantedAt).toEqual([undefined]);
    clock.advance(1);
    await flush();
    expect(held.grantedAt).toEqual([9000]);
  });

  it('prices a cancel by the order age when it is sent, not when it was asked for', async () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'starter', clock, maxRequestsPerSecond: 1000 });
    limiter.onVenueError(classifyVenueError([`EService: Throttled: ${(T0 + 1_000) / 1000}`]));
    const cancel = track(clock, [() => limiter.acquireOrderEntry('XBTUSD', 'cancel', 4_500)]);
    await stepTo(clock, 1000);
    expect(cancel.grantedAt).toEqual([1000]);
    expect(limiter.pairLevel('XBTUSD')).toBe(6); // 5.5 s old when sent: the 5-10 s bracket (+6), not +8
  });

  it('a wait longer than the bound fails at once with the typed error naming the wait; nothing is charged', async () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'starter', clock, maxRequestsPerSecond: 1000, maxWaitMs: 10_000 });
    for (let i = 0; i < 15; i++) await limiter.acquireRest(1);
    const queued = track(clock, [() => limiter.acquireRest(1), () => limiter.acquireRest(1), () => limiter.acquireRest(1)]);
    await flush();
    // Three ahead need 9.1 s; a fourth would be served at ~12.1 s.
    const err = await limiter.acquireRest(1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KrakenRateLimitWaitError);
    expect(err).toBeInstanceOf(KrakenRateLimitError);
    expect((err as KrakenRateLimitWaitError).expectedWaitMs).toBe(12122);
    expect((err as Error).message).toBe(
      'rate limit (spot-rest starter): the request would wait about 12.1 s, more than the 10.0 s allowed; nothing was sent',
    );
    expect(limiter.waiting).toBe(3);
    expect(queued.errors).toEqual([undefined, undefined, undefined]);
  });

  it('a queued request whose bound can no longer be met (the venue raised the counter) fails then', async () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'starter', clock, maxRequestsPerSecond: 1000, maxWaitMs: 5_000 });
    for (let i = 0; i < 15; i++) await limiter.acquireRest(1);
    const queued = track(clock, [() => limiter.acquireRest(1)]);
    await flush();
    limiter.onVenueError(classifyVenueError(['EAPI:Rate limit exceeded']), { restCost: 1 });
    await flush();
    expect(queued.errors[0]).toBeInstanceOf(KrakenRateLimitWaitError);
    expect(limiter.waiting).toBe(0);
  });

  it('an abort while waiting leaves the queue and rejects as closed', async () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'starter', clock, maxRequestsPerSecond: 1000 });
    for (let i = 0; i < 15; i++) await limiter.acquireRest(1);
    const ac = new AbortController();
    const p = limiter.acquireRest(1, { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(KrakenTransportError);
    expect(limiter.waiting).toBe(0);
  });
});

describe('learning from the venue', () => {
  it('EAPI:Rate limit exceeded raises the key counter to its maximum plus the refused call', () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'intermediate', clock });
    limiter.onVenueError(classifyVenueError(['EAPI:Rate limit exceeded']), { restCost: 2 });
    expect(limiter.restLevel()).toBe(22);
  });

  it('EOrder:Rate limit exceeded raises that pair only; Domain rate limit raises every pair', () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'starter', clock });
    limiter.pairLevel('ETHUSD');
    limiter.onVenueError(classifyVenueError(['EOrder:Rate limit exceeded']), { transactions: [limiter.transaction('XBTUSD', 'add')] });
    expect([limiter.pairLevel('XBTUSD'), limiter.pairLevel('ETHUSD'), limiter.restLevel()]).toEqual([61, 0, 0]);
    limiter.onVenueError(classifyVenueError(['EOrder:Domain rate limit exceeded']), {
      transactions: [limiter.transaction('SOLUSD', 'add')],
    });
    expect([limiter.pairLevel('XBTUSD'), limiter.pairLevel('ETHUSD'), limiter.pairLevel('SOLUSD')]).toEqual([61, 60, 60]);
  });

  it('EService: Throttled: <ts> holds every request until ts', async () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'pro', clock });
    limiter.onVenueError(classifyVenueError([`EService: Throttled: ${(T0 + 7_000) / 1000}`]));
    expect(limiter.restLevel()).toBe(0);
    expect(limiter.heldUntilMs).toBe(T0 + 7_000);
    const calls = track(clock, [() => limiter.acquireOrderEntry('XBTUSD', 'add'), () => limiter.acquireRest(1)]);
    clock.advance(6_999);
    await flush();
    expect(calls.grantedAt).toEqual([undefined, undefined]);
    clock.advance(1);
    await flush();
    expect(calls.grantedAt).toEqual([7000, 7000]);
  });

  it('our own wait errors and other venue errors teach nothing', () => {
    const clock = new ManualClock(T0);
    const limiter = new SpotRateLimiter({ tier: 'starter', clock });
    limiter.onVenueError(new KrakenRateLimitWaitError('spot-rest', 1, 0), { restCost: 1 });
    limiter.onVenueError(classifyVenueError(['EOrder:Insufficient funds']), { restCost: 1 });
    expect(limiter.restLevel()).toBe(0);
  });

  it('public limiter: a venue rate-limit answer fills the host ceiling', async () => {
    const clock = new ManualClock(T0);
    const limiter = new PublicRateLimiter({ clock, maxRequestsPerSecond: 1 });
    limiter.onVenueError(classifyVenueError(['EAPI:Rate limit exceeded']));
    expect(limiter.level()).toBe(1);
    const call = track(clock, [() => limiter.acquire()]);
    clock.advance(999);
    await flush();
    expect(call.grantedAt).toEqual([undefined]);
    clock.advance(1);
    await flush();
    expect(call.grantedAt).toEqual([1000]);
  });
});
