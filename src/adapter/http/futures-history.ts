/**
 * Futures history reads: public trades paged backwards through `history` (100 trades before
 * `lastTime`, newest first) and chart candles paged forward through the charts API.
 */
import type { CandlesParams, CandlesResult } from '../../../generated/futures-charts/types.gen.js';
import type { HistoryParams, HistoryResult } from '../../../generated/futures-rest/types.gen.js';
import { KrakenValidationError } from '../../core/errors.js';
import type { Bar, BarType } from '../../model/bar.js';
import type { Instrument } from '../../model/instruments.js';
import type { TradeTick } from '../../model/market-data.js';
import { NS_PER_MS, NS_PER_SECOND } from '../common/wire-time.js';
import { parseFuturesCandle, parseFuturesTrade } from './futures-market-parse.js';

/** Kraken's page size for `history`. */
export const FUTURES_HISTORY_PAGE_SIZE = 100;

export interface FuturesHistoryApi {
  history(params: HistoryParams): Promise<HistoryResult>;
  candles(params: CandlesParams): Promise<CandlesResult>;
}

const isoOfMs = (ms: bigint): string => new Date(Number(ms)).toISOString();

/**
 * Public trades from `end` (or now) back to `start`, oldest first. Each next page asks for trades
 * before the oldest one's millisecond + 1, so trades sharing that millisecond are read again
 * rather than lost, whether Kraken's `lastTime` is inclusive or not; repeats are dropped by id.
 */
export async function requestFuturesTrades(
  api: FuturesHistoryApi,
  instrument: Instrument,
  range: { readonly start: bigint | null; readonly end: bigint | null; readonly limit: number | null },
  tsInit: bigint,
): Promise<TradeTick[]> {
  const symbol = instrument.rawSymbol.value;
  const seen = new Map<string, TradeTick>();
  let lastTime: string | undefined = range.end === null ? undefined : isoOfMs(range.end / NS_PER_MS + 1n);
  for (;;) {
    const res = await api.history({ symbol, ...(lastTime === undefined ? {} : { lastTime }) });
    let fresh = 0;
    let oldest: bigint | null = null;
    for (const [i, t] of res.history.entries()) {
      const tick = parseFuturesTrade(t, instrument, tsInit, `/history/${i}`);
      if (oldest === null || tick.tsEvent < oldest) oldest = tick.tsEvent;
      if (seen.has(tick.tradeId.value)) continue;
      seen.set(tick.tradeId.value, tick);
      fresh++;
    }
    // Without a start, Kraken's latest page (or as many pages as `limit` needs) is the answer.
    const enough = range.start !== null ? oldest !== null && oldest < range.start : range.limit === null || seen.size >= range.limit;
    if (oldest === null || res.history.length < FUTURES_HISTORY_PAGE_SIZE || enough) break;
    // Only repeats: a millisecond holds more than a page; step strictly before it.
    const next = isoOfMs(oldest / NS_PER_MS + (fresh === 0 ? 0n : 1n));
    if (next === lastTime) break;
    lastTime = next;
  }
  // Read newest first: reversed, trades sharing a timestamp keep Kraken's order (a stable sort).
  return [...seen.values()].reverse().sort((a, b) => (a.tsEvent < b.tsEvent ? -1 : a.tsEvent > b.tsEvent ? 1 : 0));
}

/** Chart resolutions by bar length in minutes. */
const RESOLUTIONS: ReadonlyMap<number, CandlesParams['resolution']> = new Map([
  [1, '1m'],
  [5, '5m'],
  [15, '15m'],
  [30, '30m'],
  [60, '1h'],
  [240, '4h'],
  [720, '12h'],
  [1440, '1d'],
  [10080, '1w'],
] as const);
/** Chart tick types by the bar's price type: trades, the mark price, the index ("spot"). */
const TICK_TYPES: Readonly<Record<string, CandlesParams['tick_type']>> = { LAST: 'trade', MARK: 'mark', INDEX: 'spot' };

export function chartsParamsOf(barType: BarType): {
  resolution: CandlesParams['resolution'];
  tickType: CandlesParams['tick_type'];
  intervalNs: bigint;
} {
  const spec = barType.spec;
  const ns = spec.intervalNs;
  const minutes = ns === null || ns % 60_000_000_000n !== 0n ? null : Number(ns / 60_000_000_000n);
  const resolution = minutes === null ? undefined : RESOLUTIONS.get(minutes);
  const tickType = TICK_TYPES[spec.priceType];
  const problems: string[] = [];
  if (resolution === undefined)
    problems.push(`Kraken Futures charts serve ${[...RESOLUTIONS.values()].join(', ')} bars, not ${spec.toString()}`);
  if (tickType === undefined)
    problems.push(`Kraken Futures charts serve LAST (trade), MARK and INDEX (spot) prices, not ${spec.priceType}`);
  if (barType.aggregationSource !== 'EXTERNAL')
    problems.push('only EXTERNAL bars come from Kraken; INTERNAL bars are aggregated by the node');
  if (problems.length > 0 || resolution === undefined || tickType === undefined)
    throw new KrakenValidationError(
      'Kraken Futures bars',
      problems.map((message) => ({ path: '/barType', message })),
    );
  return { resolution, tickType, intervalNs: ns as bigint };
}

/**
 * Chart candles from `start` to `end` (paged forward while Kraken says there are more), as bars
 * closing at `time + interval`. The candle still forming at `nowNs` is left out: bars are final.
 */
export async function requestFuturesBars(
  api: FuturesHistoryApi,
  instrument: Instrument,
  barType: BarType,
  range: { readonly start: bigint | null; readonly end: bigint | null },
  nowNs: bigint,
  tsInit: bigint,
): Promise<Bar[]> {
  const { resolution, tickType, intervalNs } = chartsParamsOf(barType);
  const symbol = instrument.rawSymbol.value;
  const toSec = range.end === null ? undefined : Number(range.end / NS_PER_SECOND);
  let fromSec = range.start === null ? undefined : Number(range.start / NS_PER_SECOND);
  const bars: Bar[] = [];
  const seen = new Set<bigint>();
  for (;;) {
    const res = await api.candles({
      tick_type: tickType,
      symbol,
      resolution,
      ...(fromSec === undefined ? {} : { from: fromSec }),
      ...(toSec === undefined ? {} : { to: toSec }),
    });
    let newest: bigint | null = null;
    for (const [i, c] of res.candles.entries()) {
      const bar = parseFuturesCandle(c, instrument, barType, intervalNs, tsInit, `/candles/${i}`);
      if (seen.has(bar.tsEvent)) continue;
      seen.add(bar.tsEvent);
      bars.push(bar);
      if (newest === null || bar.tsEvent > newest) newest = bar.tsEvent;
    }
    if (!res.more_candles || newest === null) break;
    const next = Number(newest / NS_PER_SECOND);
    if (fromSec !== undefined && next <= fromSec) break;
    fromSec = next;
  }
  bars.sort((a, b) => (a.tsEvent < b.tsEvent ? -1 : a.tsEvent > b.tsEvent ? 1 : 0));
  return bars.filter(
    (b) =>
      b.tsEvent <= nowNs &&
      (range.start === null || b.tsEvent - intervalNs >= range.start) &&
      (range.end === null || b.tsEvent <= range.end),
  );
}
