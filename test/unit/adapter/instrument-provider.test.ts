/**
 * KrakenInstrumentProvider over in-memory sources (the parsers on our fixtures, edited between
 * loads): filtering, the reload difference (added, changed by field, delisted, failures kept),
 * Futures currencies from Spot asset decimals, and the periodic reload on a manual clock.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { InstrumentsResult } from '../../../generated/futures-rest/types.gen.js';
import type { AssetPairsResult, AssetsResult } from '../../../generated/spot-rest/types.gen.js';
import { ManualClock } from '../../../src/core/clock.js';
import { parseVenueJson } from '../../../src/core/json.js';
import { currencySpecsFromAssets, specsByCode, type CurrencySpec } from '../../../src/adapter/instruments/currencies.js';
import { parseFuturesInstruments } from '../../../src/adapter/instruments/futures-instruments.js';
import type { InstrumentReload } from '../../../src/adapter/instruments/instrument-diff.js';
import {
  KrakenInstrumentProvider,
  type FuturesInstrumentSource,
  type SpotInstrumentSource,
} from '../../../src/adapter/instruments/provider.js';
import { parseSpotInstruments } from '../../../src/adapter/instruments/spot-instruments.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (p: string) => parseVenueJson(readFileSync(path.join(root, p), 'utf8')) as Record<string, unknown>;
const PAIRS = read('fixtures/spot/http/http_get_asset_pairs.json')['result'] as AssetPairsResult;
const ASSETS = read('fixtures/spot/http/http_get_assets.json')['result'] as AssetsResult;
const FUTURES = read('fixtures/futures/http/http_get_instruments.json') as unknown as InstrumentsResult;

/** Sources whose payloads the test edits between loads. */
function sources() {
  const state = {
    pairs: structuredClone(PAIRS),
    futures: structuredClone(FUTURES),
    spotCalls: 0,
    fail: false,
    futuresSpecs: new Map<string, CurrencySpec>(),
  };
  const spot: SpotInstrumentSource = {
    requestInstrumentInfos() {
      state.spotCalls++;
      if (state.fail) return Promise.reject(new Error('venue unreachable'));
      return Promise.resolve(parseSpotInstruments(state.pairs, ASSETS, 1n));
    },
    currencySpecsByCode: () => specsByCode(currencySpecsFromAssets(ASSETS)),
  };
  const futures: FuturesInstrumentSource = {
    requestInstrumentInfos() {
      return Promise.resolve(parseFuturesInstruments(state.futures, state.futuresSpecs, 1n));
    },
    useCurrencySpecs(specs) {
      state.futuresSpecs = new Map(specs);
    },
  };
  return { state, spot, futures };
}

const ids = (xs: readonly { instrument: { id: { toString(): string } } }[]) => xs.map((x) => x.instrument.id.toString()).sort();

describe('KrakenInstrumentProvider', () => {
  it('loads both products; Futures currencies take Kraken asset decimals from the Spot load', async () => {
    const { spot, futures } = sources();
    const provider = new KrakenInstrumentProvider({ spot, futures });
    const all = await provider.loadAll();
    expect(all.map((i) => i.id.toString()).sort()).toEqual([
      'BTC/USD.KRAKEN',
      'ETH/BTC.KRAKEN',
      'FI_XBTUSD_260626.KRAKEN',
      'PF_XBTUSD.KRAKEN',
      'PI_XBTUSD.KRAKEN',
    ]);
    expect(provider.find('PF_XBTUSD.KRAKEN')?.quoteCurrency.precision).toBe(4); // ZUSD decimals
    expect(provider.find('PI_XBTUSD.KRAKEN')?.settlementCurrency.precision).toBe(10); // XXBT decimals
    const info = provider.info('BTC/USD.KRAKEN');
    expect(info?.product === 'SPOT' && info.names.key).toBe('XXBTZUSD');
  });

  it('loads a filtered set by id or by any Kraken name, and reports names Kraken does not list', async () => {
    const { spot, futures } = sources();
    const provider = new KrakenInstrumentProvider({ spot, futures, filter: ['XBTUSD', 'pf_xbtusd', 'NOPE/USD.KRAKEN'] });
    const r = await provider.reload();
    expect(ids(r.added)).toEqual(['BTC/USD.KRAKEN', 'PF_XBTUSD.KRAKEN']);
    expect(r.failures).toEqual([{ name: 'NOPE/USD.KRAKEN', reason: 'not listed by Kraken' }]);
    expect((await provider.loadIds(['ETH/XBT', 'FI_XBTUSD_260626.KRAKEN'])).map((i) => i.id.toString()).sort()).toEqual([
      'ETH/BTC.KRAKEN',
      'FI_XBTUSD_260626.KRAKEN',
    ]);
  });

  it('reports added, changed (by field) and delisted instruments; an entry that fails to parse keeps its definition', async () => {
    const { state, spot, futures } = sources();
    const provider = new KrakenInstrumentProvider({ spot, futures });
    await provider.loadAll();
    const btcBefore = provider.find('BTC/USD.KRAKEN');
    const unchanged = await provider.reload();
    expect([unchanged.added, unchanged.changed, unchanged.delisted]).toEqual([[], [], []]);
    expect(provider.find('BTC/USD.KRAKEN')).toBe(btcBefore); // unchanged instruments keep their instance

    state.pairs['XXBTZUSD'] = { ...state.pairs['XXBTZUSD']!, ordermin: '0.0001', status: 'cancel_only' };
    state.pairs['SOLUSD'] = { ...state.pairs['XXBTZUSD'], altname: 'SOLUSD', wsname: 'SOL/USD', base: 'SOL', quote: 'ZUSD' };
    delete state.pairs['XETHXXBT'];
    state.futures = { ...state.futures, instruments: [state.futures.instruments[0]!, { ...state.futures.instruments[1]!, tickSize: 'x' }] };
    const r = await provider.reload();
    expect(ids(r.added)).toEqual(['SOL/USD.KRAKEN']);
    expect(r.changed.map((c) => [c.after.instrument.id.toString(), c.fields])).toEqual([
      ['BTC/USD.KRAKEN', ['minQuantity', 'venueStatus']],
    ]);
    expect(r.changed[0]?.after.instrument.minQuantity?.toString()).toBe('0.00010000');
    expect(ids(r.delisted)).toEqual(['ETH/BTC.KRAKEN', 'FI_XBTUSD_260626.KRAKEN']);
    expect(r.failures.map((f) => f.name)).toEqual(['PI_XBTUSD']);
    // PI_XBTUSD failed to parse: not delisted, still served with its last good definition.
    expect(provider.find('PI_XBTUSD.KRAKEN')?.priceIncrement.toString()).toBe('0.5');
    expect(provider.find('ETH/BTC.KRAKEN')).toBeUndefined();
  });

  it('reloads every interval on the injected clock, reports failures and keeps going, and stops', async () => {
    const { state, spot } = sources();
    const clock = new ManualClock(0);
    const provider = new KrakenInstrumentProvider({ spot, clock });
    await provider.loadAll();
    const reloads: InstrumentReload[] = [];
    const errors: unknown[] = [];
    let wake: () => void = () => undefined;
    const next = () => new Promise<void>((resolve) => (wake = resolve));
    provider.startPeriodicReload(60, {
      onReload: (r) => {
        reloads.push(r);
        wake();
      },
      onError: (e) => {
        errors.push(e);
        wake();
      },
    });
    expect(clock.pendingTimers).toBe(1);
    clock.advance(59 * 60_000);
    expect(state.spotCalls).toBe(1);
    let done = next();
    clock.advance(60_000);
    await done;
    expect(state.spotCalls).toBe(2);
    expect(reloads).toHaveLength(1);
    state.fail = true;
    done = next();
    await settle();
    clock.advance(60 * 60_000);
    await done;
    expect(errors.map(String)).toEqual(['Error: venue unreachable']);
    await settle();
    expect(clock.pendingTimers).toBe(1);
    provider.stopPeriodicReload();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(600 * 60_000);
    expect(state.spotCalls).toBe(3);
    expect(() => provider.startPeriodicReload(0, { onReload: () => undefined, onError: () => undefined })).toThrow(/positive minutes/);
    provider.startPeriodicReload(null, { onReload: () => undefined, onError: () => undefined });
    expect(clock.pendingTimers).toBe(0);
  });
});

/** Lets the reload's promise chain (then/finally) run, which re-arms the timer. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
