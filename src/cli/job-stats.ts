/**
 * What the main job counts while it runs, from the node's message bus only: market messages per
 * instrument (for msgs/s), the last trade, and realised PnL from the fills (average cost, exact
 * decimals; fees kept apart per currency). Unrealised PnL is the open position against the mid of
 * the verified book.
 */
import type { Instrument } from '../model/instruments.js';
import type { InstrumentId } from '../model/identifiers.js';
import type { TradeTick } from '../model/market-data.js';
import type { OrderEvent, OrderFilled } from '../model/order-events.js';
import { Decimal } from '../model/values.js';
import type { Cache } from '../node/cache.js';
import { Topics, type MessageBus } from '../node/message-bus.js';

/** Digits kept for an average entry price (the PnL is rounded to the quote's precision for display). */
const AVG_DIGITS = 16;

interface Book {
  /** Signed open quantity: positive long, negative short. */
  qty: Decimal;
  avg: Decimal;
  realised: Decimal;
}

export interface InstrumentPnl {
  readonly instrumentId: InstrumentId;
  readonly quote: string;
  readonly realised: Decimal;
  /** Null when the position is open but the book has no two-sided top yet. */
  readonly unrealised: Decimal | null;
}

export class JobStats {
  messages = 0;
  fills = 0;
  readonly lastTrade = new Map<string, TradeTick>();
  readonly fees = new Map<string, Decimal>();
  readonly #books = new Map<string, Book>();
  readonly #offs: (() => void)[] = [];

  constructor(
    private readonly bus: MessageBus,
    private readonly cache: Cache,
    readonly instrumentIds: readonly InstrumentId[],
  ) {
    const count = () => void this.messages++;
    for (const id of instrumentIds) {
      this.#offs.push(bus.subscribe(Topics.quotes(id), count));
      this.#offs.push(bus.subscribe(Topics.bookDeltas(id), count));
      this.#offs.push(
        bus.subscribe(Topics.trades(id), (t) => {
          this.messages++;
          this.lastTrade.set(id.toString(), t);
        }),
      );
    }
    this.#offs.push(bus.subscribe(Topics.allOrderEvents(), (e) => this.#onOrderEvent(e)));
  }

  dispose(): void {
    for (const off of this.#offs.splice(0)) off();
  }

  #onOrderEvent(e: OrderEvent): void {
    if (e.kind !== 'OrderFilled') return;
    this.fills++;
    this.#book(e);
    if (e.commission !== null) {
      const code = e.commission.currency.code;
      this.fees.set(code, (this.fees.get(code) ?? Decimal.fromInt(0)).add(Decimal.from(e.commission)));
    }
  }

  /** Average-cost booking: a fill that reduces the position realises (price − average) × quantity. */
  #book(f: OrderFilled): void {
    const key = f.instrumentId.toString();
    const b = this.#books.get(key) ?? { qty: Decimal.fromInt(0), avg: Decimal.fromInt(0), realised: Decimal.fromInt(0) };
    this.#books.set(key, b);
    const px = Decimal.from(f.lastPx);
    const signed = f.orderSide === 'BUY' ? Decimal.from(f.lastQty) : Decimal.fromInt(0).sub(Decimal.from(f.lastQty));
    const mult = this.#multiplier(f.instrumentId);
    const sameWay = b.qty.isZero() || b.qty.isNegative() === signed.isNegative();
    if (sameWay) {
      const total = b.qty.add(signed);
      b.avg = b.avg
        .mul(abs(b.qty))
        .add(px.mul(abs(signed)))
        .div(abs(total), AVG_DIGITS);
      b.qty = total;
      return;
    }
    const closing = abs(signed).lt(abs(b.qty)) ? abs(signed) : abs(b.qty);
    const direction = b.qty.isNegative() ? Decimal.fromInt(-1) : Decimal.fromInt(1);
    b.realised = b.realised.add(px.sub(b.avg).mul(closing).mul(direction).mul(mult));
    const rest = b.qty.add(signed);
    if (rest.isZero()) b.avg = Decimal.fromInt(0);
    else if (rest.isNegative() !== b.qty.isNegative()) b.avg = px; // flipped: the remainder opens here
    b.qty = rest;
  }

  #multiplier(id: InstrumentId): Decimal {
    const i: Instrument | undefined = this.cache.instrument(id);
    return i === undefined ? Decimal.fromInt(1) : Decimal.from(i.multiplier);
  }

  /** Realised and unrealised PnL per instrument, in its quote currency. */
  pnl(): InstrumentPnl[] {
    return this.instrumentIds.map((id) => {
      const b = this.#books.get(id.toString());
      const instrument = this.cache.instrument(id);
      const quote = instrument?.quoteCurrency.code ?? '';
      const digits = instrument?.priceIncrement.precision ?? 8;
      const realised = (b?.realised ?? Decimal.fromInt(0)).round(digits + 2);
      if (b === undefined || b.qty.isZero()) return { instrumentId: id, quote, realised, unrealised: Decimal.fromInt(0) };
      const book = this.cache.hasOrderBook(id) ? this.cache.orderBook(id) : null;
      const bid = book?.bestBidPrice() ?? null;
      const ask = book?.bestAskPrice() ?? null;
      if (bid === null || ask === null) return { instrumentId: id, quote, realised, unrealised: null };
      const mid = Decimal.from(bid)
        .add(Decimal.from(ask))
        .div(Decimal.fromInt(2), digits + 1);
      const unrealised = mid
        .sub(b.avg)
        .mul(b.qty)
        .mul(this.#multiplier(id))
        .round(digits + 2);
      return { instrumentId: id, quote, realised, unrealised };
    });
  }
}

function abs(d: Decimal): Decimal {
  return d.isNegative() ? Decimal.fromInt(0).sub(d) : d;
}
