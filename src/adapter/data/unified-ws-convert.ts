/**
 * Unified WebSocket public channels (derivatives), wire → domain: a `ticker` row becomes a
 * `QuoteTick`, a `trade` row a `TradeTick`. Pure; decimals arrive as exact text (the client's
 * lossless decoder) and are placed at the instrument's precision, never through a float.
 */
import type { TickerMessage, TradeMessage } from '../../../generated/unified-ws/types.gen.js';
import { KrakenValidationError } from '../../core/errors.js';
import { TradeId } from '../../model/identifiers.js';
import type { Instrument } from '../../model/instruments.js';
import { QuoteTick, TradeTick } from '../../model/market-data.js';
import { isoToNs } from '../common/wire-time.js';
import { intOf, priceAt, quantityAt } from '../common/wire-values.js';

export type UnifiedTickerRow = TickerMessage['data'][number];
export type UnifiedTradeRow = TradeMessage['data'][number];

/** Best bid and ask of a ticker row; null while a side is missing (an empty side of the book). */
export function unifiedQuoteTick(row: UnifiedTickerRow, instrument: Instrument, tsInit: bigint, at = '/data/0'): QuoteTick | null {
  if (row.bid === undefined || row.ask === undefined || row.bid_qty === undefined || row.ask_qty === undefined) return null;
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

/** One public trade; `side` is the taker's, `trade_id` the venue's per-book sequence. */
export function unifiedTradeTick(row: UnifiedTradeRow, instrument: Instrument, tsInit: bigint, at = '/data/0'): TradeTick {
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
