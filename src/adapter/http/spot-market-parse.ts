/**
 * Spot public market data, wire → domain: Trades rows, OHLC rows and a Depth book. Pure; every
 * price and size is placed at the instrument's precision from the wire text.
 */
import type { DepthResult, OHLCResult, TradesResult } from '../../../generated/spot-rest/types.gen.js';
import { KrakenValidationError } from '../../core/errors.js';
import type { AggressorSide } from '../../model/enums.js';
import { TradeId, type InstrumentId } from '../../model/identifiers.js';
import type { Instrument } from '../../model/instruments.js';
import { TradeTick } from '../../model/market-data.js';
import { BookOrder, F_LAST, F_SNAPSHOT, OrderBookDelta, OrderBookDeltas } from '../../model/order-book.js';
import type { Price, Quantity } from '../../model/values.js';
import { secondsToNs } from '../common/wire-time.js';
import { intOf, priceAt, quantityAt } from '../common/wire-values.js';
import type { KrakenCandle } from './candles.js';

export type SpotTradeRow = TradesResult[string] extends infer R ? (R extends readonly (infer Row)[] ? Row : never) : never;
export type SpotOhlcRow = OHLCResult[string] extends infer R ? (R extends readonly (infer Row)[] ? Row : never) : never;
export type SpotDepthBook = DepthResult[string];

/** One public trade, exact, at the instrument's precision. */
export interface SpotTrade {
  readonly timeNs: bigint;
  readonly price: Price;
  readonly volume: Quantity;
  readonly aggressorSide: AggressorSide;
  /** Kraken's integer trade id; null on rows recorded before Kraken added it. */
  readonly tradeId: number | null;
}

function fail(path: string, message: string): KrakenValidationError {
  return new KrakenValidationError('Kraken payload', [{ path, message }]);
}

/**
 * The rows of a paged result (`{ "<pair>": [...], "last": ... }`). Kraken keys the rows by the
 * pair name the request used, which is not always the REST key (ask for `BTC/USD`, get `BTC/USD`
 * back), so the one array-valued key is taken whatever it is called.
 */
export function pagedRows<Row>(result: Readonly<Record<string, unknown>>, preferredKey: string): readonly Row[] {
  const preferred = result[preferredKey];
  if (Array.isArray(preferred)) return preferred as Row[];
  const arrays = Object.entries(result).filter(([k, v]) => k !== 'last' && Array.isArray(v));
  if (arrays.length === 1) return (arrays[0] as [string, Row[]])[1];
  if (arrays.length === 0) return [];
  throw fail('/result', `expected the rows of one pair, got ${arrays.length} (${arrays.map(([k]) => k).join(', ')})`);
}

/** `[price, volume, time, side, ordertype, misc, trade_id]` → a trade. Side is the taker's. */
export function parseSpotTradeRow(row: SpotTradeRow, instrument: Instrument, at: string): SpotTrade {
  const side = row[3];
  if (side !== 'b' && side !== 's') throw fail(`${at}/3`, `unknown trade side ${JSON.stringify(side)}`);
  const id = row[6];
  return {
    timeNs: secondsToNs(row[2], `${at}/2`),
    price: priceAt(row[0], instrument.pricePrecision, `${at}/0`),
    volume: quantityAt(row[1], instrument.sizePrecision, `${at}/1`),
    aggressorSide: side === 'b' ? 'BUYER' : 'SELLER',
    tradeId: id === undefined ? null : intOf(id, `${at}/6`),
  };
}

export function spotTradeTick(t: SpotTrade, instrumentId: InstrumentId, tsInit: bigint): TradeTick {
  // Rows without Kraken's id get one from their exact time, which is unique enough to tell them apart.
  const id = new TradeId(t.tradeId === null ? `T${t.timeNs}` : String(t.tradeId));
  return new TradeTick(instrumentId, t.price, t.volume, t.aggressorSide, id, t.timeNs, tsInit);
}

/** `[time, open, high, low, close, vwap, volume, count]` → a candle at the instrument's precision. */
export function parseOhlcRow(row: SpotOhlcRow, instrument: Instrument, at: string): KrakenCandle {
  const pp = instrument.pricePrecision;
  return {
    openTimeSec: BigInt(intOf(row[0], `${at}/0`)),
    open: priceAt(row[1], pp, `${at}/1`),
    high: priceAt(row[2], pp, `${at}/2`),
    low: priceAt(row[3], pp, `${at}/3`),
    close: priceAt(row[4], pp, `${at}/4`),
    vwap: priceAt(row[5], pp, `${at}/5`),
    volume: quantityAt(row[6], instrument.sizePrecision, `${at}/6`),
    count: intOf(row[7], `${at}/7`),
  };
}

/**
 * A Depth book → an `OrderBookDeltas` snapshot: CLEAR, then every bid and ask as ADD, all flagged
 * SNAPSHOT and the last one LAST. The event time is the newest level's timestamp.
 */
export function parseSpotDepth(book: SpotDepthBook, instrument: Instrument, tsInit: bigint, at = '/result'): OrderBookDeltas {
  const id = instrument.id;
  let tsEvent = 0n;
  const levels: BookOrder[] = [];
  for (const [side, rows] of [
    ['BID', book.bids],
    ['ASK', book.asks],
  ] as const) {
    for (const [i, row] of rows.entries()) {
      const p = `${at}/${side === 'BID' ? 'bids' : 'asks'}/${i}`;
      levels.push(
        new BookOrder(side, priceAt(row[0], instrument.pricePrecision, `${p}/0`), quantityAt(row[1], instrument.sizePrecision, `${p}/1`)),
      );
      const ts = secondsToNs(row[2], `${p}/2`);
      if (ts > tsEvent) tsEvent = ts;
    }
  }
  if (tsEvent === 0n) tsEvent = tsInit;
  const deltas = [OrderBookDelta.clear(id, 0n, tsEvent, tsInit)];
  for (const [i, order] of levels.entries()) {
    deltas.push(new OrderBookDelta(id, 'ADD', order, i === levels.length - 1 ? F_SNAPSHOT | F_LAST : F_SNAPSHOT, 0n, tsEvent, tsInit));
  }
  if (levels.length === 0) deltas[0] = new OrderBookDelta(id, 'CLEAR', null, F_SNAPSHOT | F_LAST, 0n, tsEvent, tsInit);
  return new OrderBookDeltas(id, deltas);
}
