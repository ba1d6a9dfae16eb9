/**
 * Spot REST public endpoints. Results keyed by Kraken's pair id (`XXBTZUSD`)
 * whatever name the client used, as Kraken does.
 */
import type { OhlcInterval } from '../../engine/types/market-views.js';
import type { SpotPairSpec } from '../../engine/types/instruments.js';
import type { SimContext } from '../context.js';
import { unixSeconds } from '../wire-json.js';
import { InvalidArguments, optEnum, optInt, optList, optString, reqString, type Params } from './params.js';
import { assetInfo, assetPairInfo, keyed, ohlcRow, publicTradeRow, tickerInfo } from './views.js';
import type { SpreadRecorder } from './spread-recorder.js';
import { tradesPage, withEmptyIntervals } from './public-history.js';

export const UNKNOWN_PAIR = 'EQuery:Unknown asset pair';
export const UNKNOWN_ASSET = 'EQuery:Unknown asset';

export class VenueRejection extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function resolvePairs(ctx: SimContext, names: string[] | undefined): SpotPairSpec[] {
  if (names === undefined) return ctx.engine.spot.pairs();
  return names.map((n) => {
    const p = ctx.engine.spot.pair(n);
    if (p === undefined) throw new VenueRejection(UNKNOWN_PAIR);
    return p;
  });
}

function onePair(ctx: SimContext, p: Params): SpotPairSpec {
  const pair = ctx.engine.spot.pair(reqString(p, 'pair'));
  if (pair === undefined) throw new VenueRejection(UNKNOWN_PAIR);
  return pair;
}

const INTERVALS: readonly OhlcInterval[] = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600];

export type PublicHandler = (ctx: SimContext, p: Params, spreads: SpreadRecorder) => unknown;

export const SPOT_PUBLIC_HANDLERS: Readonly<Record<string, PublicHandler>> = {
  Time(ctx) {
    const ms = ctx.clock.nowMs();
    // rfc1123 as Kraken prints it: "Thu, 06 Jul 23 18:50:48 +0000" (two-digit year).
    const d = new Date(ms).toUTCString().replace(/ (\d{2})(\d{2}) (\d{2}:\d{2}:\d{2}) GMT$/, ' $2 $3 +0000');
    return { unixtime: Math.floor(ms / 1000), rfc1123: d };
  },

  SystemStatus(ctx) {
    return { status: ctx.status, timestamp: new Date(ctx.clock.nowMs()).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  },

  Assets(ctx, p) {
    const wanted = optList(p, 'asset');
    const all = ctx.engine.spot.assets();
    const picked =
      wanted === undefined
        ? all
        : wanted.map((w) => {
            const a = all.find((x) => x.id === w || x.altname === w || x.wsName === w);
            if (a === undefined) throw new VenueRejection(UNKNOWN_ASSET);
            return a;
          });
    return keyed(picked.map((a) => [a.id, assetInfo(a)] as const));
  },

  AssetPairs(ctx, p) {
    const info = optEnum(p, 'info', ['info', 'leverage', 'fees', 'margin'] as const) ?? 'info';
    return keyed(resolvePairs(ctx, optList(p, 'pair')).map((pair) => [pair.id, assetPairInfo(pair, info)] as const));
  },

  Ticker(ctx, p) {
    return keyed(resolvePairs(ctx, optList(p, 'pair')).map((pair) => [pair.id, tickerInfo(ctx.engine.spot.ticker(pair.id))] as const));
  },

  OHLC(ctx, p) {
    const pair = onePair(ctx, p);
    const interval = (optInt(p, 'interval') ?? 1) as OhlcInterval;
    if (!INTERVALS.includes(interval)) throw new InvalidArguments('interval');
    const since = optInt(p, 'since');
    // Every interval, traded or not, up to the one forming; at most 720 entries, the last being
    // the current, uncommitted candle, as Kraken serves them; public-history.ts says why.
    const all = withEmptyIntervals(ctx.engine.spot.ohlc(pair.id, interval), interval, pair, ctx.clock.nowMs());
    const candles = all.filter((c) => since === undefined || c.intervalBeginMs > since * 1000).slice(-720);
    const lastCommitted = candles.length >= 2 ? candles[candles.length - 2]! : candles[0];
    return keyed<unknown>([
      [pair.id, candles.map(ohlcRow)],
      ['last', lastCommitted === undefined ? 0 : Math.floor(lastCommitted.intervalBeginMs / 1000)],
    ]);
  },

  Depth(ctx, p) {
    const pair = onePair(ctx, p);
    const count = optInt(p, 'count') ?? 100;
    if (count < 1 || count > 500) throw new InvalidArguments('count');
    const book = ctx.engine.spot.depth(pair.id, count);
    const row = (l: { price: string; qty: string; timeMs: number }) => [l.price, l.qty, Math.floor(l.timeMs / 1000)];
    return keyed([[pair.id, { asks: book.asks.map(row), bids: book.bids.map(row) }] as const]);
  },

  Trades(ctx, p) {
    const pair = onePair(ctx, p);
    const count = optInt(p, 'count') ?? 1000;
    if (count < 1 || count > 1000) throw new InvalidArguments('count');
    // Latest trades, or the first `count` after the `since` cursor (public-history.ts).
    const page = tradesPage(
      ctx.engine.spot.recentTrades(pair.id, undefined, Number.MAX_SAFE_INTEGER),
      optString(p, 'since'),
      count,
      ctx.clock.nowMs(),
    );
    return keyed<unknown>([
      [pair.id, page.trades.map(publicTradeRow)],
      ['last', page.last],
    ]);
  },

  Spread(ctx, p, spreads) {
    const pair = onePair(ctx, p);
    const since = optInt(p, 'since');
    const rows = spreads.since(pair.id, since === undefined ? undefined : since * 1000);
    const last = rows.length > 0 ? Math.floor(rows[rows.length - 1]!.timeMs / 1000) : (since ?? 0);
    return keyed<unknown>([
      [pair.id, rows.map((r) => [Math.floor(r.timeMs / 1000), r.bid, r.ask])],
      ['last', last],
    ]);
  },
};

export { unixSeconds };
