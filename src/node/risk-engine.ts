/**
 * Pre-trade checks. A failed check becomes `OrderDenied` and nothing reaches the venue:
 * precision and increments against the instrument, min/max quantity, min notional, leverage
 * (a listed multiple where the instrument has tiers, else at most its cap; a leverage the venue
 * would refuse is denied locally), the trading state, and the
 * execution client's own `supports(order)` shape check.
 */
import type { Instrument } from '../model/instruments.js';
import type { Order } from '../model/order.js';
import { Decimal, type Price, type Quantity } from '../model/values.js';
import type { Cache } from './cache.js';
import type { LiveExecutionClient } from './clients.js';

export type TradingState = 'ACTIVE' | 'HALTED' | 'REDUCING';

export interface RiskEngineConfig {
  /** Skip every check except the client's `supports` hook (testing only). */
  readonly bypass?: boolean;
}

export class RiskEngine {
  tradingState: TradingState = 'ACTIVE';

  constructor(
    private readonly cache: Cache,
    private readonly config: RiskEngineConfig = {},
  ) {}

  /** The reason to deny, or null when the order may be sent. */
  checkSubmit(order: Order, client: LiveExecutionClient | undefined): string | null {
    if (client === undefined) return `no execution client for venue ${order.instrumentId.venue.value}`;
    if (this.tradingState === 'HALTED') return 'trading is HALTED';
    if (this.tradingState === 'REDUCING' && !order.reduceOnly) return 'trading is REDUCING: only reduce-only orders are allowed';
    if (this.config.bypass !== true) {
      const instrument = this.cache.instrument(order.instrumentId);
      if (instrument === undefined) return `instrument ${order.instrumentId.toString()} is not in the cache`;
      const reason = this.checkAgainstInstrument(order, instrument);
      if (reason !== null) return reason;
    }
    const support = client.supports?.(order);
    if (support !== undefined && !support.ok) return support.reason;
    return null;
  }

  checkModify(order: Order, quantity: Quantity | null, price: Price | null, triggerPrice: Price | null): string | null {
    if (this.tradingState === 'HALTED') return 'trading is HALTED';
    if (!order.isOpen && order.status !== 'SUBMITTED') return `order ${order.clientOrderId.value} is ${order.status}, not open`;
    if (this.config.bypass === true) return null;
    const instrument = this.cache.instrument(order.instrumentId);
    if (instrument === undefined) return `instrument ${order.instrumentId.toString()} is not in the cache`;
    if (quantity !== null) {
      if (!quantity.isPositive()) return 'quantity must be positive';
      const r = order.quoteQuantity ? null : checkQty('quantity', quantity, instrument);
      if (r !== null) return r;
    }
    return checkPx('price', price, instrument) ?? checkPx('trigger price', triggerPrice, instrument);
  }

  private checkAgainstInstrument(order: Order, instrument: Instrument): string | null {
    if (order.quoteQuantity) {
      if (order.quantity.precision > instrument.quoteCurrency.precision) {
        return `quote quantity precision ${order.quantity.precision} exceeds ${instrument.quoteCurrency.code} precision ${instrument.quoteCurrency.precision}`;
      }
    } else {
      const r = checkQty('quantity', order.quantity, instrument);
      if (r !== null) return r;
      if (instrument.minQuantity !== null && order.quantity.lt(instrument.minQuantity)) {
        return `quantity ${order.quantity.toString()} is below the minimum ${instrument.minQuantity.toString()}`;
      }
      if (instrument.maxQuantity !== null && order.quantity.gt(instrument.maxQuantity)) {
        return `quantity ${order.quantity.toString()} is above the maximum ${instrument.maxQuantity.toString()}`;
      }
    }
    if (order.displayQty !== null) {
      const r = checkQty('display quantity', order.displayQty, instrument);
      if (r !== null) return r;
    }
    const px = checkPx('price', order.price, instrument) ?? checkPx('trigger price', order.triggerPrice, instrument);
    if (px !== null) return px;
    if (instrument.minNotional !== null && !order.quoteQuantity) {
      const ref = order.price ?? order.triggerPrice ?? this.referencePrice(instrument);
      if (ref !== null) {
        const notional = instrument.notionalValue(order.quantity, ref);
        if (notional.currency.equals(instrument.minNotional.currency) && notional.compare(instrument.minNotional) < 0) {
          return `notional ${notional.toString()} is below the minimum ${instrument.minNotional.toString()}`;
        }
      }
    }
    return checkLeverage(order, instrument);
  }

  private referencePrice(instrument: Instrument): Price | null {
    const q = this.cache.quoteTick(instrument.id);
    if (q !== undefined) return q.askPrice;
    return this.cache.tradeTick(instrument.id)?.price ?? null;
  }
}

/**
 * `params.leverage` against what the instrument offers: one of its listed multiples when it has
 * tiers (spot margin), else any value from 1 up to its cap (derivatives), else none at all.
 */
function checkLeverage(order: Order, instrument: Instrument): string | null {
  const leverage = order.params['leverage'];
  if (leverage === undefined || leverage === null) return null;
  const tiers = instrument.leverageTiers(order.side);
  const where = `for ${order.side} on ${instrument.id.toString()}`;
  if (tiers.length > 0 || instrument.maxLeverage === null) {
    if (typeof leverage !== 'number' || !Number.isInteger(leverage) || !tiers.includes(leverage)) {
      return `leverage ${String(leverage)} is not offered ${where} (tiers: ${tiers.join(', ') || 'none'})`;
    }
    return null;
  }
  const value = leverageValue(leverage);
  if (value === null || value.lt(Decimal.fromInt(1)) || value.gt(instrument.maxLeverage)) {
    return `leverage ${String(leverage)} is not offered ${where} (from 1 to ${instrument.maxLeverage.toString()})`;
  }
  return null;
}

/** An exact leverage from a number (as written, e.g. 2.5) or decimal text; null when it is neither. */
function leverageValue(v: string | number | boolean): Decimal | null {
  const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v : null;
  if (text === null || !/^\d+(\.\d+)?$/.test(text)) return null;
  return Decimal.fromStr(text);
}

function checkQty(what: string, q: Quantity, instrument: Instrument): string | null {
  if (q.precision > instrument.sizePrecision) {
    return `${what} ${q.toString()} has precision ${q.precision}, above the instrument's size precision ${instrument.sizePrecision}`;
  }
  if (!q.isMultipleOf(instrument.sizeIncrement))
    return `${what} ${q.toString()} is not a multiple of the size increment ${instrument.sizeIncrement.toString()}`;
  return null;
}

function checkPx(what: string, p: Price | null, instrument: Instrument): string | null {
  if (p === null) return null;
  if (p.precision > instrument.pricePrecision) {
    return `${what} ${p.toString()} has precision ${p.precision}, above the instrument's price precision ${instrument.pricePrecision}`;
  }
  if (!p.isMultipleOf(instrument.priceIncrement))
    return `${what} ${p.toString()} is not a multiple of the tick size ${instrument.priceIncrement.toString()}`;
  if (!p.isPositive()) return `${what} must be positive`;
  return null;
}
