/**
 * Spot WebSocket v2 public channels, wire → domain: a `ticker` row becomes a `QuoteTick`, a
 * `trade` row a `TradeTick`, an `ohlc` row a candle (turned into a `Bar` once it is final). Pure;
 * every price and size is placed at the instrument's precision from the exact wire text (the
 * client's lossless decoder hands decimals over as strings), never through a float.
 */
import type { OhlcMessage, TickerMessage, TradeMessage } from '../../../generated/spot-ws-v2/types.gen.js';
import { KrakenValidationError } from '../../core/errors.js';
import { Bar, type BarType } from '../../model/bar.js';
import { TradeId } from '../../model/identifiers.js';
import type { Instrument } from '../../model/instruments.js';
import { QuoteTick, TradeTick } from '../../model/market-data.js';
import type { Price, Quantity } from '../../model/values.js';
import { NS_PER_SECOND, isoToNs } from '../common/wire-time.js';
import { intOf, priceAt, quantityAt } from '../common/wire-values.js';

export type SpotTickerRow = TickerMessage['data'][number];
export type SpotTradeRow = TradeMessage['data'][number];
export type SpotOhlcRow = OhlcMessage['data'][number];

/** One OHLC row at the instrument's precision: Kraken's current state of one interval. */
export interface SpotWsCandle {
  /** Start of the interval (`interval_begin`), nanoseconds. */
  readonly beginNs: bigint;
  /** Interval length in minutes. */
  readonly intervalMins: number;
  readonly open: Price;
  readonly high: Price;
  readonly low: Price;
  readonly close: Price;
  readonly volume: Quantity;
  readonly trades: number;
}

/**
 * Best bid and ask of a ticker row. Kraken's v2 ticker carries `timestamp` (RFC 3339); a row
 * without it is stamped with the time it was received.
 */
export function spotQuoteTick(row: SpotTickerRow, instrument: Instrument, tsInit: bigint, at = '/data/0'): QuoteTick {
  const pp = instrument.pricePrecision;
  const sp = instrument.sizePrecision;
  return new QuoteTick(
    instrument.id,
    priceAt(row.bid, pp, `${at}/bid`),
    priceAt(row.ask, pp, `${at}/ask`),
    quantityAt(row.bid_qty, sp, `${at}/bid_qty`),
    quantityAt(row.ask_qty, sp, `${at}/ask_qty`),
    row.timestamp === undefined ? tsInit : isoToNs(row.timestamp, `${at}/timestamp`),
    tsInit,
  );
}

/** One public trade; `side` is the taker's, `trade_id` Kraken's per-pair trade number. */
export function spotWsTradeTick(row: SpotTradeRow, instrument: Instrument, tsInit: bigint, at = '/data/0'): TradeTick {
  const side = row.side === 'buy' ? 'BUYER' : row.side === 'sell' ? 'SELLER' : undefined;
  if (side === undefined)
    throw new KrakenValidationError('Kraken payload', [{ path: `${at}/side`, message: `unknown trade side ${JSON.stringify(row.side)}` }]);
  return new TradeTick(
    instrument.id,
    priceAt(row.price, instrument.pricePrecision, `${at}/price`),
    quantityAt(row.qty, instrument.sizePrecision, `${at}/qty`),
    side,
    new TradeId(String(intOf(row.trade_id, `${at}/trade_id`))),
    isoToNs(row.timestamp, `${at}/timestamp`),
    tsInit,
  );
}

/** One OHLC row → a candle at the instrument's precision (`vwap` is not part of a bar). */
export function spotWsCandle(row: SpotOhlcRow, instrument: Instrument, at = '/data/0'): SpotWsCandle {
  const pp = instrument.pricePrecision;
  return {
    beginNs: isoToNs(row.interval_begin, `${at}/interval_begin`),
    intervalMins: intOf(row.interval, `${at}/interval`, 1),
    open: priceAt(row.open, pp, `${at}/open`),
    high: priceAt(row.high, pp, `${at}/high`),
    low: priceAt(row.low, pp, `${at}/low`),
    close: priceAt(row.close, pp, `${at}/close`),
    volume: quantityAt(row.volume, instrument.sizePrecision, `${at}/volume`),
    trades: intOf(row.trades, `${at}/trades`),
  };
}

/** A final candle as a bar of `barType`, closing at the end of its interval (NautilusTrader's convention). */
export function candleBar(candle: SpotWsCandle, barType: BarType, tsInit: bigint): Bar {
  return new Bar({
    barType,
    open: candle.open,
    high: candle.high,
    low: candle.low,
    close: candle.close,
    volume: candle.volume,
    tsEvent: candle.beginNs + BigInt(candle.intervalMins) * 60n * NS_PER_SECOND,
    tsInit,
  });
}
