/**
 * Market-data parsing (wire → domain) on full-envelope fixtures: ours, and the third-party
 * recordings in ../shared (skipped with a message when absent). Values compared as exact text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { responseValidators as chartsValidators } from '../../../generated/futures-charts/validators.gen.js';
import { responseValidators as futuresValidators } from '../../../generated/futures-rest/validators.gen.js';
import type { CandlesResult } from '../../../generated/futures-charts/types.gen.js';
import type {
  HistoricalfundingratesResult,
  HistoryResult,
  InstrumentsResult,
  OrderbookResult,
} from '../../../generated/futures-rest/types.gen.js';
import type { AssetPairsResult, DepthResult, OHLCResult, TradesResult } from '../../../generated/spot-rest/types.gen.js';
import { responseValidators as spotValidators } from '../../../generated/spot-rest/validators.gen.js';
import { parseVenueJson } from '../../../src/core/json.js';
import { KrakenValidationError } from '../../../src/core/errors.js';
import {
  parseFundingRate,
  parseFuturesCandle,
  parseFuturesOrderBook,
  parseFuturesTrade,
} from '../../../src/adapter/http/futures-market-parse.js';
import {
  pagedRows,
  parseOhlcRow,
  parseSpotDepth,
  parseSpotTradeRow,
  spotTradeTick,
  type SpotOhlcRow,
  type SpotTradeRow,
} from '../../../src/adapter/http/spot-market-parse.js';
import { parseFuturesInstrument, parseFuturesInstruments } from '../../../src/adapter/instruments/futures-instruments.js';
import { parseSpotInstruments } from '../../../src/adapter/instruments/spot-instruments.js';
import { BarType } from '../../../src/model/bar.js';
import type { OrderBookDeltas } from '../../../src/model/order-book.js';
import { validateOrThrow, type Validator } from '../../../src/transport/validation.js';
import { sharedReferencePresent } from '../../helpers/shared-reference.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = path.resolve(root, '../shared/fixtures/kraken');
const load = <T>(file: string, validator: Validator, spotEnvelope = false): T => {
  const body = parseVenueJson(readFileSync(file, 'utf8')) as { result: unknown };
  return validateOrThrow(validator, spotEnvelope ? body.result : body, file, file) as T;
};
const ours = (p: string) => path.join(root, 'fixtures', p);

const spotPairs = load<AssetPairsResult>(ours('spot/http/http_get_asset_pairs.json'), spotValidators.AssetPairs, true);
const BTCUSD = parseSpotInstruments(spotPairs, undefined, 0n).instruments[0]!.instrument;
const futures = parseFuturesInstruments(
  load<InstrumentsResult>(ours('futures/http/http_get_instruments.json'), futuresValidators.instruments),
  new Map(),
  0n,
).instruments;
const PF = futures[0]!.instrument;
const PI = futures[1]!.instrument;
const levels = (d: OrderBookDeltas) =>
  d.deltas.map((x) =>
    x.order === null
      ? `${x.action}/${x.flags}`
      : `${x.action} ${x.order.side} ${x.order.price.toString()} ${x.order.size.toString()} ${x.flags}`,
  );

describe('Spot market data (our fixtures)', () => {
  it('Trades rows: exact prices at the pair precision, sizes, taker side, nanosecond times, ids', () => {
    const res = load<TradesResult>(ours('spot/http/http_get_trades.json'), spotValidators.Trades, true);
    const rows = pagedRows<SpotTradeRow>(res, 'XXBTZUSD');
    const ticks = rows.map((r, i) => spotTradeTick(parseSpotTradeRow(r, BTCUSD, `/${i}`), BTCUSD.id, 5n));
    expect(ticks.map((t) => [t.price.toString(), t.size.toString(), t.aggressorSide, t.tsEvent, t.tradeId.value])).toEqual([
      ['30243.4', '0.34507674', 'BUYER', 1688669597827736900n, '61044952'],
      ['30243.3', '0.00376960', 'SELLER', 1688669598280411200n, '61044953'],
      ['30240.0', '0.01000000', 'SELLER', 1688669598991353000n, '61044954'],
    ]);
    // Kraken keys the rows by the name the request used; any single key is read.
    expect(pagedRows<SpotTradeRow>({ 'BTC/USD': rows, last: '1' }, 'XXBTZUSD')).toBe(rows);
  });

  it('OHLC rows and the Depth book', () => {
    const ohlc = load<OHLCResult>(ours('spot/http/http_get_ohlc.json'), spotValidators.OHLC, true);
    const c = parseOhlcRow(pagedRows<SpotOhlcRow>(ohlc, 'XXBTZUSD')[1]!, BTCUSD, '/1');
    expect([c.openTimeSec, c.open, c.high, c.low, c.close, c.vwap, c.volume, c.count].map(String)).toEqual([
      '1688671260',
      '30304.5',
      '30304.5',
      '30300.0',
      '30300.0',
      '30300.7',
      '4.42996871',
      '18',
    ]);
    const depth = load<DepthResult>(ours('spot/http/http_get_depth.json'), spotValidators.Depth, true);
    const snap = parseSpotDepth(depth['XXBTZUSD']!, BTCUSD, 9n);
    expect(levels(snap)).toEqual([
      'CLEAR/32',
      'ADD BID 30297.0 1.11500000 32',
      'ADD BID 30296.7 2.00200000 32',
      'ADD BID 30289.8 5.00100000 32',
      'ADD ASK 30384.1 2.05900000 32',
      'ADD ASK 30387.9 1.50000000 32',
      'ADD ASK 30393.7 9.87100000 160',
    ]);
    expect(snap.tsEvent).toBe(1688671674n * 1_000_000_000n); // the newest level's time
  });

  it('refuses a price finer than the pair precision instead of rounding it', () => {
    expect(() => parseSpotTradeRow(['30243.45', '1.0', '1688669597.1', 'b', 'l', '', 1], BTCUSD, '/0')).toThrow(KrakenValidationError);
    expect(() => parseSpotTradeRow(['30243.4', '1.0', '1688669597.1', 'x', 'l', '', 1], BTCUSD, '/0')).toThrow(/unknown trade side/);
  });
});

/** A linear contract with a half tick and four size decimals, as the book and candle fixtures need. */
const HALF = parseFuturesInstrument(
  { symbol: 'PF_XBTUSD', type: 'flexible_futures', base: 'XBT', quote: 'USD', tickSize: '0.5', contractValueTradePrecision: 4 },
  new Map(),
  0n,
).instrument;

describe('Futures market data (our fixtures)', () => {
  it('public trades: taker side, exact size text, ISO time to the nanosecond', () => {
    const history = load<HistoryResult>(ours('futures/http/http_get_history.json'), futuresValidators.history);
    const t = parseFuturesTrade(history.history[0]!, PF, 1n, '/history/0');
    expect([t.price.toString(), t.size.toString(), t.aggressorSide, t.tradeId.value, t.tsEvent]).toEqual([
      '67432',
      '0.0150',
      'BUYER',
      '102',
      1779875998123000000n,
    ]);
  });

  it('the order book, cut to the requested depth, at the instrument precision (a finer price is refused)', () => {
    const book = load<OrderbookResult>(ours('futures/http/http_get_orderbook.json'), futuresValidators.orderbook);
    const snap = parseFuturesOrderBook(book, HALF, 2, 1n);
    expect(levels(snap)).toEqual([
      'CLEAR/32',
      'ADD BID 67431.0 0.8510 32',
      'ADD BID 67430.5 0.0001 32',
      'ADD ASK 67432.0 1.2000 32',
      'ADD ASK 67432.5 0.0500 160',
    ]);
    expect(snap.tsEvent).toBe(BigInt(Date.UTC(2026, 4, 27, 10)) * 1_000_000n);
    expect(levels(parseFuturesOrderBook(book, HALF, null, 1n))).toHaveLength(7);
    expect(() => parseFuturesOrderBook(book, PF, null, 1n)).toThrow(/more than the instrument's 0 decimals/);
  });

  it('funding rates written in exponent notation, exactly; interval and next funding time null', () => {
    const body = load<HistoricalfundingratesResult>(
      ours('futures/http/http_get_historicalfundingrates.json'),
      futuresValidators.historicalfundingrates,
    );
    const rates = body.rates.map((r, i) => parseFundingRate(r, PF, 1n, `/rates/${i}`));
    expect(rates.map((r) => [r.rate.toString(), r.tsEvent, r.interval, r.nextFundingTime])).toEqual([
      ['-0.000016898883333333', BigInt(Date.UTC(2026, 4, 27, 0)) * 1_000_000n, null, null],
      ['-0.000000540935416667', BigInt(Date.UTC(2026, 4, 27, 4)) * 1_000_000n, null, null],
      ['0.0000125', BigInt(Date.UTC(2026, 4, 27, 8)) * 1_000_000n, null, null],
    ]);
  });

  it('chart candles: trade prices at the tick precision, mark prices with all their digits, bars close at time + interval', () => {
    const trade = load<CandlesResult>(ours('futures/http/http_get_candles_trade.json'), chartsValidators.candles);
    const hour = BarType.fromStr('PI_XBTUSD.KRAKEN-1-HOUR-LAST-EXTERNAL');
    const b = parseFuturesCandle(trade.candles[0]!, PI, hour, 3_600_000_000_000n, 1n, '/candles/0');
    expect([b.open, b.high, b.low, b.close, b.volume].map(String)).toEqual(['67100.0', '67520.5', '67010.0', '67432.0', '1523']);
    expect(b.tsEvent).toBe((1779872400000n + 3_600_000n) * 1_000_000n);
    const mark = load<CandlesResult>(ours('futures/http/http_get_candles_mark.json'), chartsValidators.candles);
    const m = parseFuturesCandle(
      mark.candles[0]!,
      PF,
      BarType.fromStr('PF_XBTUSD.KRAKEN-1-HOUR-MARK-EXTERNAL'),
      3_600_000_000_000n,
      1n,
      '/candles/0',
    );
    expect([m.open, m.high, m.close, m.volume].map(String)).toEqual(['67101.23456789012', '67519', '67431.7', '0.0000']);
    const frac = load<CandlesResult>(ours('futures/http/http_get_candles_trade_fractional_volume.json'), chartsValidators.candles);
    expect(
      parseFuturesCandle(
        frac.candles[0]!,
        HALF,
        BarType.fromStr('PF_XBTUSD.KRAKEN-1-HOUR-LAST-EXTERNAL'),
        3_600_000_000_000n,
        1n,
        '/0',
      ).volume.toString(),
    ).toBe('12.5000');
  });
});

describe.skipIf(!sharedReferencePresent(shared))('third-party recordings (skipped when ../shared is absent)', () => {
  it('Spot XBTUSDT Depth book', () => {
    const pairs = load<AssetPairsResult>(path.join(shared, 'spot/http/http_asset_pairs.json'), spotValidators.AssetPairs, true);
    const usdt = parseSpotInstruments(pairs, undefined, 0n).instruments[0]!.instrument;
    const depth = load<DepthResult>(path.join(shared, 'spot/http/http_order_book.json'), spotValidators.Depth, true);
    const snap = parseSpotDepth(depth['XBTUSDT']!, usdt, 0n);
    expect(levels(snap)).toHaveLength(11);
    expect(levels(snap)[1]).toBe('ADD BID 105944.2 0.00200000 32');
    expect(levels(snap)[6]).toBe('ADD ASK 105944.3 0.13600000 32');
    expect(snap.tsEvent).toBe(1762820249n * 1_000_000_000n); // the newest of the level times
  });

  it('Futures candles of all three tick types, the order book and funding rates', () => {
    const pi = parseFuturesInstruments(
      load<InstrumentsResult>(path.join(shared, 'futures/http/http_futures_instruments.json'), futuresValidators.instruments),
      new Map(),
      0n,
    ).instruments[0]!.instrument;
    for (const [file, type] of [
      ['trade', 'LAST'],
      ['mark', 'MARK'],
      ['spot', 'INDEX'],
    ] as const) {
      const body = load<CandlesResult>(path.join(shared, `futures/http/http_futures_candles_${file}.json`), chartsValidators.candles);
      const bars = body.candles.map((c, i) =>
        parseFuturesCandle(c, pi, BarType.fromStr(`PI_XBTUSD.KRAKEN-1-HOUR-${type}-EXTERNAL`), 3_600_000_000_000n, 0n, `/candles/${i}`),
      );
      expect(bars.map((b) => b.tsEvent - 3_600_000_000_000n)).toEqual(body.candles.map((c) => BigInt(c.time) * 1_000_000n));
      expect(bars.map((b) => b.close.key())).toEqual(body.candles.map((c) => c.close.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')));
    }
    const book = load<OrderbookResult>(path.join(shared, 'futures/http/http_futures_orderbook.json'), futuresValidators.orderbook);
    // The recording names no symbol and has fractional sizes, so it is read as a linear contract.
    expect(levels(parseFuturesOrderBook(book, HALF, 1, 0n))).toEqual([
      'CLEAR/32',
      'ADD BID 105900.0 0.5000 32',
      'ADD ASK 105950.0 0.3000 160',
    ]);
    expect(() => parseFuturesOrderBook(book, pi, 1, 0n)).toThrow(/orderBook\/bids\/0\/1 0.5 has more than the instrument's 0 decimals/);
    const rates = load<HistoricalfundingratesResult>(
      path.join(shared, 'futures/http/http_futures_historical_funding_rates.json'),
      futuresValidators.historicalfundingrates,
    );
    expect(rates.rates.map((r, i) => parseFundingRate(r, pi, 0n, `/${i}`).rate.toString())).toEqual(['0.0001', '-0.00005', '0.00015']);
  });
});
