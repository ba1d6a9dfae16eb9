/**
 * Futures WebSocket v1 public feeds, wire → domain: one `ticker` message carries the quote, the
 * mark price, the index price and (perpetuals) the funding rate; a `trade` message is one
 * `TradeTick`. Pure; Futures sends JSON numbers, which the lossless decoder keeps as their exact
 * text, so nothing here goes through a float.
 */
import type { TickerMessage, TradeMessage } from '../../../generated/futures-ws/types.gen.js';
import { KrakenValidationError } from '../../core/errors.js';
import { TradeId } from '../../model/identifiers.js';
import { CryptoPerpetual, type Instrument } from '../../model/instruments.js';
import { FundingRateUpdate, IndexPriceUpdate, MarkPriceUpdate, QuoteTick, TradeTick } from '../../model/market-data.js';
import { Decimal } from '../../model/values.js';
import { msToNs } from '../common/wire-time.js';
import { decimalOf, priceAt, priceAtLeast, quantityAt } from '../common/wire-values.js';

export type FuturesTicker = TickerMessage;
export type FuturesTrade = TradeMessage;

/** The ticker's best bid and ask; null while a side of the book is empty (Kraken then omits it). */
export function futuresQuoteTick(t: FuturesTicker, instrument: Instrument, tsInit: bigint): QuoteTick | null {
  if (t.bid === undefined || t.ask === undefined || t.bid_size === undefined || t.ask_size === undefined) return null;
  const pp = instrument.pricePrecision;
  const sp = instrument.sizePrecision;
  return new QuoteTick(
    instrument.id,
    priceAt(t.bid, pp, '/bid'),
    priceAt(t.ask, pp, '/ask'),
    quantityAt(t.bid_size, sp, '/bid_size'),
    quantityAt(t.ask_size, sp, '/ask_size'),
    msToNs(t.time, '/time'),
    tsInit,
  );
}

/**
 * The mark price. Kraken computes it finer than the tick (`67899.68641534714`), so its digits are
 * kept as sent, never rounded to the tick, and never coarser than the instrument's precision.
 */
export function futuresMarkPrice(t: FuturesTicker, instrument: Instrument, tsInit: bigint): MarkPriceUpdate | null {
  if (t.markPrice === undefined) return null;
  return new MarkPriceUpdate(
    instrument.id,
    priceAtLeast(t.markPrice, instrument.pricePrecision, '/markPrice'),
    msToNs(t.time, '/time'),
    tsInit,
  );
}

/** The index (the spot price the contract tracks), finer than the tick like the mark price. */
export function futuresIndexPrice(t: FuturesTicker, instrument: Instrument, tsInit: bigint): IndexPriceUpdate | null {
  if (t.index === undefined) return null;
  return new IndexPriceUpdate(instrument.id, priceAtLeast(t.index, instrument.pricePrecision, '/index'), msToNs(t.time, '/time'), tsInit);
}

/**
 * The funding rate of a perpetual: `relative_funding_rate` (a fraction of the position's value,
 * as the historical rates are), due at `next_funding_rate_time`. Kraken publishes no fixed
 * funding period, so `interval` is null. Dated futures pay no funding: null.
 */
export function futuresFundingRate(t: FuturesTicker, instrument: Instrument, tsInit: bigint): FundingRateUpdate | null {
  if (!(instrument instanceof CryptoPerpetual)) return null;
  const next = t.next_funding_rate_time === undefined ? null : msToNs(t.next_funding_rate_time, '/next_funding_rate_time');
  // Kraken omits the funding fields of a perpetual's ticker while the rate is zero.
  if (t.relative_funding_rate === undefined && next === null) return null;
  const rate = t.relative_funding_rate === undefined ? Decimal.fromInt(0) : decimalOf(t.relative_funding_rate, '/relative_funding_rate');
  return new FundingRateUpdate(instrument.id, rate, next, null, msToNs(t.time, '/time'), tsInit);
}

/** One public trade; `side` is the taker's, `uid` Kraken's trade id. */
export function futuresTradeTick(t: FuturesTrade, instrument: Instrument, tsInit: bigint): TradeTick {
  const side = t.side === 'buy' ? 'BUYER' : t.side === 'sell' ? 'SELLER' : undefined;
  if (side === undefined)
    throw new KrakenValidationError('Kraken payload', [{ path: '/side', message: `unknown trade side ${JSON.stringify(t.side)}` }]);
  return new TradeTick(
    instrument.id,
    priceAt(t.price, instrument.pricePrecision, '/price'),
    quantityAt(t.qty, instrument.sizePrecision, '/qty'),
    side,
    new TradeId(t.uid),
    msToNs(t.time, '/time'),
    tsInit,
  );
}
