/**
 * Trading enums, as `const` objects plus string-literal types so that both `OrderSide.BUY` and
 * `'BUY'` work. Names follow NautilusTrader's.
 */

function values<T extends Record<string, string>>(o: T): readonly T[keyof T][] {
  return Object.freeze(Object.values(o) as T[keyof T][]);
}

export const OrderSide = { BUY: 'BUY', SELL: 'SELL' } as const;
export type OrderSide = (typeof OrderSide)[keyof typeof OrderSide];

export const OrderType = {
  MARKET: 'MARKET',
  LIMIT: 'LIMIT',
  STOP_MARKET: 'STOP_MARKET',
  STOP_LIMIT: 'STOP_LIMIT',
  MARKET_IF_TOUCHED: 'MARKET_IF_TOUCHED',
  LIMIT_IF_TOUCHED: 'LIMIT_IF_TOUCHED',
  TRAILING_STOP_MARKET: 'TRAILING_STOP_MARKET',
  TRAILING_STOP_LIMIT: 'TRAILING_STOP_LIMIT',
} as const;
export type OrderType = (typeof OrderType)[keyof typeof OrderType];
export const ORDER_TYPES = values(OrderType);

/**
 * DAY, AT_THE_OPEN and AT_THE_CLOSE exist so users can name them; Kraken supports none of them,
 * so the execution client refuses them rather than send something else.
 */
export const TimeInForce = {
  GTC: 'GTC',
  GTD: 'GTD',
  IOC: 'IOC',
  FOK: 'FOK',
  DAY: 'DAY',
  AT_THE_OPEN: 'AT_THE_OPEN',
  AT_THE_CLOSE: 'AT_THE_CLOSE',
} as const;
export type TimeInForce = (typeof TimeInForce)[keyof typeof TimeInForce];

export const TriggerType = {
  DEFAULT: 'DEFAULT',
  LAST_PRICE: 'LAST_PRICE',
  INDEX_PRICE: 'INDEX_PRICE',
  MARK_PRICE: 'MARK_PRICE',
  BID_ASK: 'BID_ASK',
  DOUBLE_LAST: 'DOUBLE_LAST',
  DOUBLE_BID_ASK: 'DOUBLE_BID_ASK',
  LAST_OR_BID_ASK: 'LAST_OR_BID_ASK',
  MID_POINT: 'MID_POINT',
  NO_TRIGGER: 'NO_TRIGGER',
} as const;
export type TriggerType = (typeof TriggerType)[keyof typeof TriggerType];

export const TrailingOffsetType = {
  NO_TRAILING_OFFSET: 'NO_TRAILING_OFFSET',
  PRICE: 'PRICE',
  BASIS_POINTS: 'BASIS_POINTS',
  TICKS: 'TICKS',
  PRICE_TIER: 'PRICE_TIER',
} as const;
export type TrailingOffsetType = (typeof TrailingOffsetType)[keyof typeof TrailingOffsetType];

export const OrderStatus = {
  INITIALIZED: 'INITIALIZED',
  DENIED: 'DENIED',
  SUBMITTED: 'SUBMITTED',
  ACCEPTED: 'ACCEPTED',
  REJECTED: 'REJECTED',
  CANCELED: 'CANCELED',
  EXPIRED: 'EXPIRED',
  TRIGGERED: 'TRIGGERED',
  PENDING_UPDATE: 'PENDING_UPDATE',
  PENDING_CANCEL: 'PENDING_CANCEL',
  PARTIALLY_FILLED: 'PARTIALLY_FILLED',
  FILLED: 'FILLED',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];
export const ORDER_STATUSES = values(OrderStatus);

export const LiquiditySide = { NO_LIQUIDITY_SIDE: 'NO_LIQUIDITY_SIDE', MAKER: 'MAKER', TAKER: 'TAKER' } as const;
export type LiquiditySide = (typeof LiquiditySide)[keyof typeof LiquiditySide];

export const AggressorSide = { NO_AGGRESSOR: 'NO_AGGRESSOR', BUYER: 'BUYER', SELLER: 'SELLER' } as const;
export type AggressorSide = (typeof AggressorSide)[keyof typeof AggressorSide];

export const PositionSide = { FLAT: 'FLAT', LONG: 'LONG', SHORT: 'SHORT' } as const;
export type PositionSide = (typeof PositionSide)[keyof typeof PositionSide];

export const AccountType = { CASH: 'CASH', MARGIN: 'MARGIN' } as const;
export type AccountType = (typeof AccountType)[keyof typeof AccountType];

export const BookAction = { ADD: 'ADD', UPDATE: 'UPDATE', DELETE: 'DELETE', CLEAR: 'CLEAR' } as const;
export type BookAction = (typeof BookAction)[keyof typeof BookAction];

export const BookSide = { BID: 'BID', ASK: 'ASK' } as const;
export type BookSide = (typeof BookSide)[keyof typeof BookSide];

export const MarketStatusAction = {
  NONE: 'NONE',
  PRE_OPEN: 'PRE_OPEN',
  TRADING: 'TRADING',
  PAUSE: 'PAUSE',
  HALT: 'HALT',
  REDUCE_ONLY: 'REDUCE_ONLY',
  POST_ONLY: 'POST_ONLY',
  CANCEL_ONLY: 'CANCEL_ONLY',
  LIMIT_ONLY: 'LIMIT_ONLY',
  CLOSE: 'CLOSE',
  NOT_AVAILABLE_FOR_TRADING: 'NOT_AVAILABLE_FOR_TRADING',
} as const;
export type MarketStatusAction = (typeof MarketStatusAction)[keyof typeof MarketStatusAction];

export function oppositeSide(side: OrderSide): OrderSide {
  return side === 'BUY' ? 'SELL' : 'BUY';
}
