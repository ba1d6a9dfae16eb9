/**
 * Futures REST public market endpoints under `/derivatives/api/v3`: instruments and their
 * status, tickers, the order book, public trade history and historical funding rates.
 */
import type { SimContext } from '../context.js';
import { num } from '../wire-json.js';
import { Rejected, type Call } from './call.js';
import { instrumentInfo, iso, publicTrade, tickerInfo } from './views.js';

/** The product a call names in `symbol` (case-insensitive), or Kraken's argument error. */
export function requireSymbol(ctx: SimContext, call: Call, status = 200): string {
  const s = call.params['symbol'];
  if (typeof s !== 'string' || s === '') throw new Rejected('requiredArgumentMissing', status);
  const product = ctx.engine.futures.product(s) ?? ctx.engine.futures.products().find((p) => p.symbol.toLowerCase() === s.toLowerCase());
  if (product === undefined) throw new Rejected('invalidArgument', status);
  return product.symbol;
}

export function publicCall(ctx: SimContext, sub: string, call: Call): Record<string, unknown> {
  const f = ctx.engine.futures;
  if (sub === '/instruments') return { instruments: f.products().map(instrumentInfo) };
  if (sub === '/instruments/status')
    return {
      instrumentStatus: f.products().map((p) => ({
        tradeable: p.symbol,
        experiencingDislocation: false,
        priceDislocationDirection: null,
        experiencingExtremeVolatility: false,
        extremeVolatilityInitialMarginMultiplier: 1,
      })),
    };
  const statusMatch = /^\/instruments\/([^/]+)\/status$/.exec(sub);
  if (statusMatch !== null) {
    const p = f.product(statusMatch[1]!);
    if (p === undefined) throw new Rejected('notFound', 404);
    return {
      tradeable: p.symbol,
      experiencingDislocation: false,
      priceDislocationDirection: null,
      experiencingExtremeVolatility: false,
      extremeVolatilityInitialMarginMultiplier: 1,
    };
  }
  if (sub === '/tickers') return { tickers: f.tickers().map(tickerInfo) };
  const tickerMatch = /^\/tickers\/([^/]+)$/.exec(sub);
  if (tickerMatch !== null) {
    // An unknown market is HTTP 404 on Kraken, not a 200 with an error envelope.
    const p = f.product(tickerMatch[1]!);
    if (p === undefined) throw new Rejected('notFound', 404);
    return { ticker: tickerInfo(f.ticker(p.symbol)) };
  }
  if (sub === '/orderbook') {
    const symbol = requireSymbol(ctx, call);
    const book = f.orderbook(symbol);
    return {
      orderBook: { asks: book.asks.map((l) => [num(l.price), num(l.qty)]), bids: book.bids.map((l) => [num(l.price), num(l.qty)]) },
    };
  }
  if (sub === '/history') {
    const symbol = requireSymbol(ctx, call);
    const lastTime = typeof call.params['lastTime'] === 'string' ? Date.parse(call.params['lastTime']) : undefined;
    const trades = f.publicTrades(symbol, lastTime === undefined || Number.isNaN(lastTime) ? undefined : lastTime).slice(0, 100);
    return { history: trades.map((t) => publicTrade(t, `${symbol}-${t.tradeId}`)) };
  }
  if (sub === '/historical-funding-rates') {
    // Kraken answers a missing or unknown symbol here with HTTP 400.
    const symbol = requireSymbol(ctx, call, 400);
    return {
      rates: f
        .historicalFundingRates(symbol)
        .map((r) => ({ timestamp: iso(r.timestampMs), fundingRate: num(r.fundingRate), relativeFundingRate: num(r.relativeFundingRate) })),
    };
  }
  throw new Rejected('notFound');
}
