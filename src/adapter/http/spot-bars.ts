/**
 * Historical Spot bars. Kraken's OHLC endpoint serves only the latest 720 candles of an interval.
 * For a range that starts earlier, the missing candles are rebuilt from the public trades (paged
 * forward from the start) with Kraken's own candle rules (candles.ts), so the series is the one
 * Kraken would have served, and joined to the OHLC candles where those begin.
 */
import type { OHLCParams, OHLCResult } from '../../../generated/spot-rest/types.gen.js';
import { KrakenValidationError } from '../../core/errors.js';
import type { Bar, BarType } from '../../model/bar.js';
import type { Instrument } from '../../model/instruments.js';
import { NS_PER_SECOND } from '../common/wire-time.js';
import { CandleAggregator, candleToBar, type KrakenCandle } from './candles.js';
import { pagedRows, parseOhlcRow, type SpotOhlcRow } from './spot-market-parse.js';
import { SpotTradePager, type SpotTradesApi, type TradePagingProgress } from './spot-trade-pages.js';

/** Interval lengths Kraken's OHLC endpoint and WS `ohlc` channel serve, in minutes. */
export const KRAKEN_SPOT_OHLC_MINUTES: readonly number[] = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600];

export interface SpotOhlcApi extends SpotTradesApi {
  ohlc(params: OHLCParams): Promise<OHLCResult>;
}

export interface SpotBarsRequest {
  readonly barType: BarType;
  readonly instrument: Instrument;
  /** Kraken's REST key of the pair. */
  readonly pairKey: string;
  /** Inclusive, ns; bars wholly inside [start, end] are returned. */
  readonly start: bigint | null;
  readonly end: bigint | null;
  /** Keep only the most recent `limit` bars. */
  readonly limit: number | null;
  readonly tsInit: bigint;
  readonly onProgress?: (p: TradePagingProgress) => void;
  /**
   * How far before `start` to look for the last trade, which prices empty intervals at the start
   * (doubling from one interval up to this many). Default 1024 intervals.
   */
  readonly maxLookbackIntervals?: number;
  /** Trades per page read (Kraken's `count`); default and maximum 1000. */
  readonly tradesPageSize?: number;
}

/** Kraken's interval in minutes for a bar type, or a `KrakenValidationError` saying what Kraken serves. */
export function spotOhlcMinutes(barType: BarType): number {
  const spec = barType.spec;
  const ns = spec.intervalNs;
  const minutes = ns === null || ns % 60_000_000_000n !== 0n ? null : Number(ns / 60_000_000_000n);
  const problems: string[] = [];
  if (minutes === null || !KRAKEN_SPOT_OHLC_MINUTES.includes(minutes))
    problems.push(`Kraken Spot serves ${KRAKEN_SPOT_OHLC_MINUTES.join(', ')}-minute bars, not ${spec.toString()}`);
  if (spec.priceType !== 'LAST') problems.push(`Kraken Spot bars are trade (LAST) prices, not ${spec.priceType}`);
  if (barType.aggregationSource !== 'EXTERNAL')
    problems.push('only EXTERNAL bars come from Kraken; INTERNAL bars are aggregated by the node');
  if (problems.length > 0)
    throw new KrakenValidationError(
      'Kraken Spot bars',
      problems.map((message) => ({ path: '/barType', message })),
    );
  return minutes as number;
}

function ceilTo(v: bigint, step: bigint): bigint {
  const r = ((v % step) + step) % step;
  return r === 0n ? v : v + (step - r);
}

/** Trades → candles for [fromSec, untilSec), seeded with the last trade before `fromSec` when one is found. */
async function candlesFromTrades(
  api: SpotTradesApi,
  req: SpotBarsRequest,
  intervalSec: bigint,
  fromSec: bigint,
  untilSec: bigint,
): Promise<KrakenCandle[]> {
  const pager = new SpotTradePager(api, req.pairKey, req.instrument, req.tradesPageSize);
  const agg = new CandleAggregator({
    intervalSec,
    fromSec,
    pricePrecision: req.instrument.pricePrecision,
    sizePrecision: req.instrument.sizePrecision,
  });
  const startNs = fromSec * NS_PER_SECOND;
  const untilNs = untilSec * NS_PER_SECOND;
  const maxLookback = BigInt(req.maxLookbackIntervals ?? 1024);
  // Find a page that starts before `fromSec` (its earlier trades give the close the first empty
  // intervals carry), widening the look back; past the limit, start without a known close.
  let lookback = 1n;
  let cursor = startNs - lookback * intervalSec * NS_PER_SECOND;
  let first = await pager.page(cursor);
  while (lookback < maxLookback && cursor > 0n && (first.trades[0] === undefined || first.trades[0].timeNs >= startNs)) {
    lookback *= 2n;
    cursor = startNs - lookback * intervalSec * NS_PER_SECOND;
    pager.restart();
    first = await pager.page(cursor);
  }
  await pager.forward(
    first,
    cursor.toString(),
    untilNs,
    (t) => {
      if (t.timeNs < untilNs) agg.add(t);
    },
    req.onProgress,
  );
  return agg.drainUntil(untilSec);
}

/**
 * The bars of `req`: OHLC candles where Kraken still serves them, trade-built candles before.
 * Kraken's last OHLC row is the interval still forming; it is left out, since a bar is final.
 */
export async function requestSpotBars(api: SpotOhlcApi, req: SpotBarsRequest): Promise<Bar[]> {
  const minutes = spotOhlcMinutes(req.barType);
  const intervalSec = BigInt(minutes * 60);
  const intervalNs = intervalSec * NS_PER_SECOND;
  const ohlc = await api.ohlc({ pair: req.pairKey, interval: minutes as OHLCParams['interval'] & number });
  const lastCommitted = BigInt(ohlc.last);
  const served = pagedRows<SpotOhlcRow>(ohlc, req.pairKey)
    .map((row, i) => parseOhlcRow(row, req.instrument, `/result/${req.pairKey}/${i}`))
    .filter((c) => c.openTimeSec <= lastCommitted);
  const startSec = req.start === null ? null : ceilTo(req.start, intervalNs) / NS_PER_SECOND;
  const endSec = req.end === null ? null : req.end / NS_PER_SECOND;
  // With no committed candle at all, trades are the only source up to the interval now forming.
  const nowSec = req.tsInit / NS_PER_SECOND;
  const servedFrom = served[0]?.openTimeSec ?? nowSec - (nowSec % intervalSec);
  let candles: KrakenCandle[] = served;
  if (startSec !== null && startSec < servedFrom) {
    const untilSec = endSec !== null && endSec < servedFrom ? endSec : servedFrom;
    const built = untilSec > startSec ? await candlesFromTrades(api, req, intervalSec, startSec, untilSec) : [];
    candles = [...built, ...served.filter((c) => c.openTimeSec >= untilSec)];
  }
  let bars = candles
    .filter((c) => (startSec === null || c.openTimeSec >= startSec) && (endSec === null || c.openTimeSec + intervalSec <= endSec))
    .map((c) => candleToBar(c, req.barType, intervalSec, req.tsInit));
  if (req.limit !== null && bars.length > req.limit) bars = bars.slice(bars.length - req.limit);
  return bars;
}
