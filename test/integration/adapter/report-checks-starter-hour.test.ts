/**
 * A simulated hour on Kraken's Starter tier, client and simulator on one stepping clock: the
 * reconciliation reads an execution client makes (an open-order check every 30 s, a position
 * check with an account refresh every 120 s, a fill read every 10 minutes) through the report
 * sources, while a strategy trades on one pair (a limit added every 10 s and cancelled 10 s later,
 * a marketable order every minute). The simulator enforces Kraken's counters; the client's
 * limiter models them. Not one `EAPI:Rate limit exceeded` or `EOrder:Rate limit exceeded`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpotReportSource } from '../../../src/adapter/execution/reports/index.js';
import { instrumentLookup } from '../../../src/adapter/execution/reports/instrument-lookup.js';
import { parseSpotInstruments } from '../../../src/adapter/instruments/spot-instruments.js';
import { KrakenRateLimitError } from '../../../src/core/errors.js';
import { KrakenSpotRawHttpClient } from '../../../src/kraken/spot/http/raw-client.js';
import { AccountId } from '../../../src/model/identifiers.js';
import { startKrakenSim, type KrakenSim } from '../../../src/sim/start.js';
import { driveClock, SteppingClock } from '../../helpers/stepping-clock.js';

const T0 = Date.UTC(2026, 0, 5, 12);
const HOUR_S = 3600;

let clock: SteppingClock;
let sim: KrakenSim;
const clients: KrakenSpotRawHttpClient[] = [];

function clientFor(account: string, limiting: boolean): KrakenSpotRawHttpClient {
  const creds = sim.accounts.find((a) => a.id === account)!.spot;
  const c = new KrakenSpotRawHttpClient({
    baseUrl: sim.urls.spotRest,
    apiKey: creds.apiKey,
    apiSecret: creds.apiSecret,
    clock,
    rateLimiting: limiting,
    rateLimitTier: 'starter',
    rateLimitMaxWaitSecs: 600,
    maxRetries: 0,
    retryDelayInitialMs: 1,
    retryDelayMaxMs: 5,
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  clock = new SteppingClock(T0);
  sim = await startKrakenSim({
    clock,
    seed: 4242,
    market: false,
    accounts: [
      { id: 'strategy', tier: 'starter' as const },
      { id: 'eager', tier: 'starter' as const },
      { id: 'maker', tier: 'pro' as const },
    ],
  });
});
afterAll(async () => {
  for (const c of clients) await c.close();
  expect(sim.internalErrors).toEqual([]);
  await sim.close();
});

interface Schedule {
  readonly seconds: number;
  readonly openEvery: number;
  readonly positionEvery: number;
}

/** Runs the checks and the strategy second by second on the simulated clock; returns what went wrong. */
async function run(client: KrakenSpotRawHttpClient, schedule: Schedule) {
  const pairs = await client.assetPairs();
  const instruments = parseSpotInstruments(pairs, undefined, 0n).instruments;
  const source = new SpotReportSource(client, {
    accountId: new AccountId('KRAKEN-001'),
    instruments: instrumentLookup(() => instruments),
    clock,
  });
  const limiter = client.rateLimiter;
  const errors: unknown[] = [];
  const incomplete: string[] = [];
  let outstanding = 0;
  const track = (what: string, work: () => Promise<unknown>): Promise<void> => {
    outstanding++;
    return work()
      .then((r) => {
        if (typeof r === 'object' && r !== null && 'complete' in r && r.complete === false) incomplete.push(what);
      })
      .catch((e: unknown) => void errors.push(e))
      .finally(() => outstanding--);
  };
  const resting: string[] = [];
  const counts = { openChecks: 0, positionChecks: 0, fillReads: 0, adds: 0, cancels: 0, marketOrders: 0 };
  const startMs = clock.nowMs();
  for (let s = 0; s < schedule.seconds; s++) {
    clock.set(Math.max(clock.nowMs(), startMs + s * 1000));
    const due: Promise<void>[] = [];
    if (s % schedule.openEvery === 0) {
      counts.openChecks++;
      due.push(track('open check', () => source.openOrders()));
    }
    if (s % schedule.positionEvery === 0) {
      counts.positionChecks++;
      due.push(track('position check', () => source.marginPositions()));
      due.push(track('account refresh', () => source.balances()));
    }
    if (s % 600 === 300) {
      counts.fillReads++;
      due.push(track('fills', () => source.fills({ startNs: BigInt(startMs) * 1_000_000n })));
    }
    if (s % 10 === 5) {
      const old = resting.shift();
      if (old !== undefined) {
        counts.cancels++;
        due.push(track('cancel', () => client.cancelOrder({ txid: old })));
      }
      counts.adds++;
      due.push(
        track('add', async () => {
          const r = await client.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.001' });
          resting.push(r.txid![0]!);
        }),
      );
    }
    if (s % 60 === 45) {
      sim.engine.spot.addOrder('maker', {
        pair: 'XBTUSD',
        side: 'sell',
        orderType: 'limit',
        volume: '0.001',
        price: { kind: 'absolute', value: '60000.0' },
      });
      counts.marketOrders++;
      due.push(track('market', () => client.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.001' })));
    }
    let finished = due.length === 0;
    void Promise.all(due).then(() => (finished = true));
    await driveClock(clock, {
      done: () => finished,
      outstanding: () => outstanding,
      waiting: () => limiter?.waiting ?? 0,
      realTimeoutMs: 60_000,
    });
  }
  for (const txid of resting) await client.cancelOrder({ txid }).catch(() => undefined);
  return { errors, incomplete, counts, source, startMs, elapsedMs: clock.nowMs() - startMs };
}

const rateLimitErrors = (errors: readonly unknown[]) => errors.filter((e) => e instanceof KrakenRateLimitError).map((e) => e.message);

describe('reconciliation reads and trading on the Starter tier, simulated time', () => {
  it('an hour with the open check at 30 s and the position check at 120 s, a strategy trading: zero venue rate-limit errors', async () => {
    const client = clientFor('strategy', true);
    const r = await run(client, { seconds: HOUR_S, openEvery: 30, positionEvery: 120 });
    expect(rateLimitErrors(r.errors)).toEqual([]);
    // The venue's own tally, not only what the client saw.
    expect(sim.rateLimitRefusals('strategy')).toEqual({ spotRest: 0, spotOrder: 0, futures: 0, futuresHistory: 0 });
    expect(r.errors).toEqual([]);
    expect(r.incomplete).toEqual([]);
    expect(r.counts).toEqual({ openChecks: 120, positionChecks: 30, fillReads: 6, adds: 360, cancels: 359, marketOrders: 60 });
    // Every fill of the strategy, read back through the report source.
    const fills = await r.source.fills({ startNs: BigInt(r.startMs) * 1_000_000n });
    expect([fills.complete, fills.reports.length]).toEqual([true, 60]);
    // Nothing was held back: the hour took an hour.
    expect(r.elapsedMs).toBeLessThan((HOUR_S + 5) * 1000);
  }, 600_000);

  it("the same trading with an open check every 2 s and no client limiter overflows Kraken's counter (the check above can fail)", async () => {
    const client = clientFor('eager', false);
    const r = await run(client, { seconds: 300, openEvery: 2, positionEvery: 120 });
    const limited = rateLimitErrors(r.errors);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((m) => m.includes('EAPI:Rate limit exceeded'))).toBe(true);
    // The venue counted every refusal: those thrown at the caller and those the report source kept as failures.
    expect(sim.rateLimitRefusals('eager').spotRest).toBeGreaterThanOrEqual(limited.length + r.incomplete.length);
  }, 600_000);
});
