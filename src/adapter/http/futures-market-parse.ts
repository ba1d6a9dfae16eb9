/**
 * Futures public market data, wire → domain: public trades (`history`), the order book,
 * historical funding rates and chart candles. Pure; prices and sizes come from the wire text at
 * the instrument's precision (Futures sends them as JSON numbers, kept as text by the decoder).
 */
import type { CandlesResult } from '../../../generated/futures-charts/types.gen.js';
import type { HistoricalfundingratesResult, HistoryResult, OrderbookResult } from '../../../generated/futures-rest/types.gen.js';
import { KrakenValidationError } from '../../core/errors.js';
import { Bar, type BarType } from '../../model/bar.js';
import { TradeId } from '../../model/identifiers.js';
import type { Instrument } from '../../model/instruments.js';
import { FundingRateUpdate, TradeTick } from '../../model/market-data.js';
import { BookOrder, F_LAST, F_SNAPSHOT, OrderBookDelta, OrderBookDeltas } from '../../model/order-book.js';
import { isoToNs, msToNs } from '../common/wire-time.js';
import { decimalOf, intOf, priceAt, priceAtLeast, quantityAt } from '../common/wire-values.js';

export type FuturesPublicTrade = HistoryResult['history'][number];
export type FuturesCandle = CandlesResult['candles'][number];
export type FuturesFundingRate = HistoricalfundingratesResult['rates'][number];

function fail(path: string, message: string): KrakenValidationError {
  return new KrakenValidationError('Kraken payload', [{ path, message }]);
}

/** One public trade; `side` is the taker's. */
export function parseFuturesTrade(t: FuturesPublicTrade, instrument: Instrument, tsInit: bigint, at: string): TradeTick {
  if (t.size === undefined) throw fail(`${at}/size`, 'missing');
  const side = t.side === 'buy' ? 'BUYER' : t.side === 'sell' ? 'SELLER' : 'NO_AGGRESSOR';
  const id = t.trade_id !== undefined ? String(intOf(t.trade_id, `${at}/trade_id`)) : (t.uid ?? `T${t.time}`);
  return new TradeTick(
    instrument.id,
    priceAt(t.price, instrument.pricePrecision, `${at}/price`),
    quantityAt(t.size, instrument.sizePrecision, `${at}/size`),
    side,
    new TradeId(id),
    isoToNs(t.time, `${at}/time`),
    tsInit,
  );
}

/**
 * The full book (`orderBook.bids` best first, `asks` best first) → a snapshot of at most `depth`
 * levels a side: CLEAR, then ADDs, flagged SNAPSHOT, the last one LAST. Event time: `serverTime`.
 */
export function parseFuturesOrderBook(
  body: OrderbookResult,
  instrument: Instrument,
  depth: number | null,
  tsInit: bigint,
): OrderBookDeltas {
  const id = instrument.id;
  const tsEvent = typeof body.serverTime === 'string' ? isoToNs(body.serverTime, '/serverTime') : tsInit;
  const orders: BookOrder[] = [];
  for (const [side, rows, name] of [
    ['BID', body.orderBook.bids, 'bids'],
    ['ASK', body.orderBook.asks, 'asks'],
  ] as const) {
    for (const [i, row] of rows.slice(0, depth ?? rows.length).entries()) {
      const p = `/orderBook/${name}/${i}`;
      orders.push(
        new BookOrder(side, priceAt(row[0], instrument.pricePrecision, `${p}/0`), quantityAt(row[1], instrument.sizePrecision, `${p}/1`)),
      );
    }
  }
  const deltas = [new OrderBookDelta(id, 'CLEAR', null, orders.length === 0 ? F_SNAPSHOT | F_LAST : F_SNAPSHOT, 0n, tsEvent, tsInit)];
  for (const [i, o] of orders.entries())
    deltas.push(new OrderBookDelta(id, 'ADD', o, i === orders.length - 1 ? F_SNAPSHOT | F_LAST : F_SNAPSHOT, 0n, tsEvent, tsInit));
  return new OrderBookDeltas(id, deltas);
}

/**
 * One historical funding rate. The rate is the relative one (a fraction of the position's value),
 * as on the live ticker; Kraken publishes no fixed funding period, so `interval` is null, and the
 * history does not say when the next funding was due.
 */
export function parseFundingRate(r: FuturesFundingRate, instrument: Instrument, tsInit: bigint, at: string): FundingRateUpdate {
  return new FundingRateUpdate(
    instrument.id,
    decimalOf(r.relativeFundingRate, `${at}/relativeFundingRate`),
    null,
    null,
    isoToNs(r.timestamp, `${at}/timestamp`),
    tsInit,
  );
}

/**
 * One chart candle → a bar closing at `time + interval`. Trade candles are at the tick's
 * precision; mark and index candles are prices Kraken computes, finer than the tick, so they keep
 * their digits (never rounded) and are never coarser than the instrument's precision.
 */
export function parseFuturesCandle(
  c: FuturesCandle,
  instrument: Instrument,
  barType: BarType,
  intervalNs: bigint,
  tsInit: bigint,
  at: string,
): Bar {
  const traded = barType.spec.priceType === 'LAST';
  const price = (v: unknown, f: string) =>
    traded ? priceAt(v, instrument.pricePrecision, f) : priceAtLeast(v, instrument.pricePrecision, f);
  return new Bar({
    barType,
    open: price(c.open, `${at}/open`),
    high: price(c.high, `${at}/high`),
    low: price(c.low, `${at}/low`),
    close: price(c.close, `${at}/close`),
    volume: quantityAt(c.volume, instrument.sizePrecision, `${at}/volume`),
    tsEvent: msToNs(c.time, `${at}/time`) + intervalNs,
    tsInit,
  });
}
