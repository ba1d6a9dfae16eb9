import type {
  FuturesAccountLogEntry,
  FuturesFillView,
  FuturesHistoryEvent,
  FuturesOrderView,
  FuturesPositionUpdate,
} from '../types/futures-orders.js';
import type { FuturesOrderType, FuturesTriggerSignal } from '../types/futures-requests.js';
import type { FuturesProductSpec } from '../types/instruments.js';
import type { Side } from '../types/common.js';
import { Decimal, ZERO, fixed } from '../decimal.js';

export interface FuturesOrder {
  orderId: string;
  cliOrdId: string | null;
  accountId: string;
  product: FuturesProductSpec;
  side: Side;
  orderType: FuturesOrderType;
  size: Decimal;
  filled: Decimal;
  limitPrice: Decimal | null;
  stopPrice: Decimal | null;
  triggerSignal: FuturesTriggerSignal | null;
  reduceOnly: boolean;
  trailing: { maxDeviation: Decimal; unit: 'PERCENT' | 'QUOTE_CURRENCY' } | null;
  limitOffset: { value: Decimal; unit: 'PERCENT' | 'QUOTE_CURRENCY' } | null;
  peak: Decimal | null;
  status: 'untouched' | 'partiallyFilled' | 'filled' | 'cancelled';
  receivedMs: number;
  lastUpdateMs: number;
  closedMs: number | null;
  isTrigger: boolean;
  triggered: boolean;
  resting: boolean;
}

/**
 * A plain, untriggered order the venue places itself (a liquidation close, the market
 * generator's quotes and IOCs): no client id, no trigger, nothing filled yet, received now.
 */
export function venueFuturesOrder(fields: {
  readonly orderId: string;
  readonly accountId: string;
  readonly product: FuturesProductSpec;
  readonly side: Side;
  readonly orderType: 'mkt' | 'lmt' | 'ioc';
  readonly size: Decimal;
  readonly limitPrice: Decimal | null;
  readonly reduceOnly: boolean;
  readonly nowMs: number;
}): FuturesOrder {
  return {
    orderId: fields.orderId,
    cliOrdId: null,
    accountId: fields.accountId,
    product: fields.product,
    side: fields.side,
    orderType: fields.orderType,
    size: fields.size,
    filled: ZERO,
    limitPrice: fields.limitPrice,
    stopPrice: null,
    triggerSignal: null,
    reduceOnly: fields.reduceOnly,
    trailing: null,
    limitOffset: null,
    peak: null,
    status: 'untouched',
    receivedMs: fields.nowMs,
    lastUpdateMs: fields.nowMs,
    closedMs: null,
    isTrigger: false,
    triggered: false,
    resting: false,
  };
}

export interface FuturesPosition {
  /** Signed size: positive long, negative short. */
  size: Decimal;
  entry: Decimal;
  unrealizedFunding: Decimal;
  fillTimeMs: number;
}

export interface FuturesAccount {
  id: string;
  balances: Map<string, Decimal>;
  positions: Map<string, FuturesPosition>;
  orders: Map<string, FuturesOrder>;
  fills: FuturesFillView[];
  history: FuturesHistoryEvent[];
  positionHistory: FuturesPositionUpdate[];
  accountLog: FuturesAccountLogEntry[];
  dmsTriggerMs: number;
  unlimited: boolean;
}

export function isInverse(p: FuturesProductSpec): boolean {
  return p.type === 'futures_inverse';
}

export function priceDecimals(p: FuturesProductSpec): number {
  const i = p.tickSize.indexOf('.');
  return i < 0 ? 0 : p.tickSize.length - i - 1;
}

export function unfilled(o: FuturesOrder): Decimal {
  return o.size.minus(o.filled);
}

export function isLive(o: FuturesOrder): boolean {
  return o.status === 'untouched' || o.status === 'partiallyFilled';
}

export function toFuturesOrderView(o: FuturesOrder): FuturesOrderView {
  const pd = priceDecimals(o.product);
  const qd = o.product.contractValueTradePrecision;
  const restType =
    o.orderType === 'stp'
      ? 'stop'
      : o.orderType === 'take_profit'
        ? 'take_profit'
        : o.orderType === 'trailing_stop'
          ? 'trailing_stop'
          : 'lmt';
  const isTriggerNow = o.isTrigger && !o.triggered;
  return {
    orderId: o.orderId,
    cliOrdId: o.cliOrdId,
    accountId: o.accountId,
    symbol: o.product.symbol,
    side: o.side,
    orderType: o.orderType,
    restType: isTriggerNow ? restType : 'lmt',
    wsType: isTriggerNow ? (restType === 'lmt' ? 'limit' : restType) : 'limit',
    size: fixed(o.size, qd),
    filled: fixed(o.filled, qd),
    unfilled: fixed(unfilled(o), qd),
    limitPrice: o.limitPrice === null ? null : fixed(o.limitPrice, pd),
    stopPrice: o.stopPrice === null ? null : fixed(o.stopPrice, pd),
    triggerSignal: o.triggerSignal,
    reduceOnly: o.reduceOnly,
    status: o.status,
    receivedTimeMs: o.receivedMs,
    lastUpdateTimeMs: o.lastUpdateMs,
    trailingStopOptions: o.trailing
      ? { maxDeviation: o.trailing.maxDeviation.toFixed(), unit: o.trailing.unit === 'PERCENT' ? 'percent' : 'quote_currency' }
      : null,
    limitPriceOffset: o.limitOffset
      ? { priceOffset: o.limitOffset.value.toFixed(), unit: o.limitOffset.unit === 'PERCENT' ? 'percent' : 'quote_currency' }
      : null,
    isTrigger: o.isTrigger,
    triggered: o.triggered,
  };
}

/** Initial / maintenance margin fractions for an absolute position size (tiered). */
export function marginRates(p: FuturesProductSpec, absSize: Decimal): { im: Decimal; mm: Decimal } {
  let im = new Decimal(p.marginLevels[0]?.initialMargin ?? '0.02');
  let mm = new Decimal(p.marginLevels[0]?.maintenanceMargin ?? '0.01');
  for (const l of p.marginLevels) {
    if (absSize.gte(l.contracts)) {
      im = new Decimal(l.initialMargin);
      mm = new Decimal(l.maintenanceMargin);
    }
  }
  return { im, mm };
}

/** Notional in USD of `size` contracts at `price` (inverse: 1 USD per contract; linear: size × price). */
export function notionalUsd(p: FuturesProductSpec, size: Decimal, price: Decimal): Decimal {
  return isInverse(p) ? size.abs().times(p.contractSize) : size.abs().times(p.contractSize).times(price);
}

/** P&L in the settlement currency for closing `qty` (signed like the position) from `entry` at `exit`. */
export function pnlOf(p: FuturesProductSpec, signedQty: Decimal, entry: Decimal, exit: Decimal): Decimal {
  if (isInverse(p)) return signedQty.times(p.contractSize).times(new Decimal(1).div(entry).minus(new Decimal(1).div(exit)));
  return signedQty.times(p.contractSize).times(exit.minus(entry));
}

export const FZERO = ZERO;
