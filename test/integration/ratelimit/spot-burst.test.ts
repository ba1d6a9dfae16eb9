/**
 * The Spot limiter against the simulator over real sockets, both on one simulated clock: the
 * simulator enforces Kraken's counters on its side, the client models them on its own, and a
 * burst must pass without a single venue rate-limit error in about the least time the counters
 * allow (computed here from Kraken's documented numbers, independently of src/).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KrakenRateLimitError, KrakenRateLimitWaitError } from '../../../src/core/errors.js';
import { KrakenSpotRawHttpClient } from '../../../src/kraken/spot/http/raw-client.js';
import { startKrakenSim, type KrakenSim } from '../../../src/sim/start.js';
import { driveClock, SteppingClock } from '../../helpers/stepping-clock.js';

const T0 = Date.UTC(2026, 0, 5, 12);
// Kraken's documented Starter numbers: REST counter max 15, decay 0.33/s; trading counter 60, 1/s;
// cancel of an order younger than 5 s +8, add +1, ledger/trade history +2.
const STARTER = { restMax: 15, restDecay: 0.33, tradingMax: 60, tradingDecay: 1, add: 1, youngCancel: 8, history: 2 };

let clock: SteppingClock;
let sim: KrakenSim;

beforeAll(async () => {
  clock = new SteppingClock(T0);
  sim = await startKrakenSim({
    clock,
    seed: 4101,
    market: false,
    accounts: ['burst', 'bound', 'snap', 'throttle'].map((id) => ({ id, tier: 'starter' as const })),
  });
});
afterAll(async () => {
  expect(sim.internalErrors).toEqual([]);
  await sim.close();
});

function clientFor(account: string, extra: Partial<ConstructorParameters<typeof KrakenSpotRawHttpClient>[0]> = {}) {
  const creds = sim.accounts.find((a) => a.id === account)!.spot;
  return new KrakenSpotRawHttpClient({
    baseUrl: sim.urls.spotRest,
    apiKey: creds.apiKey,
    apiSecret: creds.apiSecret,
    clock,
    rateLimitTier: 'starter',
    maxRetries: 0,
    retryDelayInitialMs: 1,
    retryDelayMaxMs: 5,
    ...extra,
  });
}

/** Counts a test's requests: started and not yet settled. */
function tracker() {
  let outstanding = 0;
  return {
    get outstanding() {
      return outstanding;
    },
    track<T>(p: () => Promise<T>): Promise<T> {
      outstanding++;
      return p().finally(() => outstanding--);
    },
  };
}

/** The least time the documented trading counter allows for `cycles` add-then-cancel-at-once cycles on one pair. */
function minimumOrderCycleSeconds(cycles: number): number {
  let level = 0;
  let t = 0;
  for (let i = 0; i < cycles; i++) {
    const waitS = Math.max(0, level + STARTER.add - STARTER.tradingMax) / STARTER.tradingDecay;
    t += waitS;
    level = Math.max(0, level - waitS * STARTER.tradingDecay) + STARTER.add + STARTER.youngCancel;
  }
  return t;
}

describe('Spot burst: 200 private reads and 100 order entries on one pair (Starter)', () => {
  it('no venue rate-limit error, each stream within 10 % of the least time its counter allows, orders never behind reads', async () => {
    const client = clientFor('burst', { rateLimitMaxWaitSecs: 3600 });
    const limiter = client.rateLimiter!;
    const work = tracker();
    const errors: unknown[] = [];
    const start = clock.nowMs();

    // 200 reads: 150 at +1 and 50 ledger / trade-history calls at +2.
    const reads = Array.from({ length: 200 }, (_v, i) =>
      work
        .track((): Promise<unknown> =>
          i % 4 === 3 ? (i % 8 === 3 ? client.ledgers() : client.tradesHistory()) : i % 2 === 0 ? client.balance() : client.openOrders(),
        )
        .catch((e: unknown) => void errors.push(e)),
    );
    let readsDoneAt = 0;
    void Promise.all(reads).then(() => (readsDoneAt = clock.nowMs()));

    // 100 order entries: 50 cycles of AddOrder then CancelOrder of that order at once.
    const firstAddAt: number[] = [];
    let ordersDoneAt = 0;
    const orders = (async () => {
      for (let i = 0; i < 50; i++) {
        const asked = clock.nowMs();
        const added = await work.track(() =>
          client.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.001' }),
        );
        if (i === 0) firstAddAt.push(clock.nowMs() - asked);
        await work.track(() => client.cancelOrder({ txid: added.txid![0]! }));
      }
      ordersDoneAt = clock.nowMs();
    })().catch((e: unknown) => void errors.push(e));

    let finished = false;
    void Promise.all([...reads, orders]).then(() => (finished = true));
    await driveClock(clock, {
      done: () => finished,
      outstanding: () => work.outstanding,
      waiting: () => limiter.waiting,
      realTimeoutMs: 120_000,
    });

    expect(errors).toEqual([]);
    // Independent minimums from the documented model.
    const readCost = 150 + 50 * STARTER.history;
    const minReadsS = (readCost - STARTER.restMax) / STARTER.restDecay;
    const minOrdersS = minimumOrderCycleSeconds(50);
    const readsS = (readsDoneAt - start) / 1000;
    const ordersS = (ordersDoneAt - start) / 1000;
    const totalS = (clock.nowMs() - start) / 1000;
    expect(minReadsS).toBeCloseTo(712.1, 1);
    expect(minOrdersS).toBeCloseTo(382, 0);
    expect(readsS).toBeGreaterThanOrEqual(minReadsS);
    expect(readsS).toBeLessThanOrEqual(minReadsS * 1.1);
    expect(ordersS).toBeGreaterThanOrEqual(minOrdersS);
    expect(ordersS).toBeLessThanOrEqual(minOrdersS * 1.1);
    expect(totalS).toBeLessThanOrEqual(Math.max(minReadsS, minOrdersS) * 1.1);
    // The first order went at once although ~185 reads were queued, and the orders finished long before the reads.
    expect(firstAddAt).toEqual([0]);
    expect(ordersS).toBeLessThan(readsS * 0.6);
    await client.close();
  });
});

describe('the wait bound and the venue', () => {
  it('a request that would wait past the bound fails at once with the typed error, sending nothing', async () => {
    const client = clientFor('bound', { rateLimitMaxWaitSecs: 10, maxRequestsPerSecond: 1000 });
    const limiter = client.rateLimiter!;
    const work = tracker();
    const first = Array.from({ length: 18 }, () => work.track(() => client.balance()));
    // 15 fill the counter and go; 3 wait for it (9.1 s).
    await driveClock(clock, {
      done: () => work.outstanding === 3 && limiter.waiting === 3,
      outstanding: () => work.outstanding,
      waiting: () => limiter.waiting,
    });
    const before = limiter.restLevel();
    const err = await client.balance().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KrakenRateLimitWaitError);
    expect((err as Error).message).toMatch(
      /^rate limit \(spot-rest starter\): the request would wait about 12\.1 s, more than the 10\.0 s allowed; nothing was sent$/,
    );
    expect(limiter.restLevel()).toBe(before);
    let settled = false;
    void Promise.all(first).then(() => (settled = true));
    await driveClock(clock, { done: () => settled, outstanding: () => work.outstanding, waiting: () => limiter.waiting });
    await client.close();
  });

  it('a venue rate-limit error snaps the counter to its maximum: the next call waits for a real decay', async () => {
    const client = clientFor('snap');
    const limiter = client.rateLimiter!;
    sim.faults.venueError('EAPI:Rate limit exceeded', '/0/private/Balance');
    const err = await client.balance().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KrakenRateLimitError);
    expect(err).not.toBeInstanceOf(KrakenRateLimitWaitError);
    expect(limiter.restLevel()).toBe(STARTER.restMax + 1); // the maximum, plus the refused call Kraken charged
    const asked = clock.nowMs();
    let grantedAfter: number | undefined;
    const work = tracker();
    const next = work.track(() => client.balance()).then(() => (grantedAfter = clock.nowMs() - asked));
    await driveClock(clock, {
      done: () => grantedAfter !== undefined,
      outstanding: () => work.outstanding,
      waiting: () => limiter.waiting,
    });
    await next;
    expect(grantedAfter).toBe(Math.ceil((2 / STARTER.restDecay) * 1000)); // 16 → 14 before +1 fits
    // The same for the trading engine: EOrder:Rate limit exceeded fills that pair's counter.
    sim.faults.venueError('EOrder:Rate limit exceeded', '/0/private/AddOrder');
    await expect(
      client.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.001' }),
    ).rejects.toBeInstanceOf(KrakenRateLimitError);
    expect(limiter.pairLevel('XBTUSD')).toBe(STARTER.tradingMax + STARTER.add);
    await client.close();
  });

  it('EService: Throttled: <ts> — nothing more is sent before ts', async () => {
    const client = clientFor('throttle');
    const limiter = client.rateLimiter!;
    const until = Math.ceil(clock.nowMs() / 1000) * 1000 + 5_000;
    // On an order (never retried blindly), so the refusal comes back to the test as it is.
    sim.faults.venueError(`EService: Throttled: ${until / 1000}`, '/0/private/AddOrder');
    await expect(
      client.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.001' }),
    ).rejects.toBeInstanceOf(KrakenRateLimitError);
    expect(limiter.heldUntilMs).toBe(until);
    let sentAt: number | undefined;
    const work = tracker();
    const next = work.track(() => client.openOrders()).then(() => (sentAt = clock.nowMs()));
    await driveClock(clock, { done: () => sentAt !== undefined, outstanding: () => work.outstanding, waiting: () => limiter.waiting });
    await next;
    expect(sentAt).toBe(until);
    await client.close();
  });
});
