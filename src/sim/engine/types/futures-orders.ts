/** Futures order views and the outcomes of order requests: order events, fills, history. */
import type { Dec, Side } from './common.js';
import type { FuturesOrderType, FuturesSendStatus, FuturesTriggerSignal } from './futures-requests.js';

/** Order as shown in REST order events / open orders. */
export interface FuturesOrderView {
  orderId: string;
  cliOrdId: string | null;
  accountId: string;
  symbol: string;
  side: Side;
  /** Order type as submitted. */
  orderType: FuturesOrderType;
  /** REST `openorders` style type: `lmt`, `stop`, `take_profit`, `trailing_stop`. WS feed style: see `wsType`. */
  restType: 'lmt' | 'stop' | 'take_profit' | 'trailing_stop';
  /** WS `open_orders.type`: `limit`, `stop`, `take_profit`, `trailing_stop`. */
  wsType: 'limit' | 'stop' | 'take_profit' | 'trailing_stop';
  size: Dec;
  filled: Dec;
  unfilled: Dec;
  limitPrice: Dec | null;
  stopPrice: Dec | null;
  triggerSignal: FuturesTriggerSignal | null;
  reduceOnly: boolean;
  /** `untouched` | `partiallyFilled` while open; terminal: `filled` | `cancelled`. */
  status: 'untouched' | 'partiallyFilled' | 'filled' | 'cancelled';
  receivedTimeMs: number;
  lastUpdateTimeMs: number;
  trailingStopOptions: { maxDeviation: Dec; unit: 'percent' | 'quote_currency' } | null;
  limitPriceOffset: { priceOffset: Dec; unit: 'percent' | 'quote_currency' } | null;
  isTrigger: boolean;
  triggered: boolean;
}

export type FuturesOrderEvent =
  | { type: 'PLACE'; order: FuturesOrderView; reducedQuantity: Dec | null }
  | { type: 'CANCEL'; uid: string; order: FuturesOrderView }
  | { type: 'EDIT'; old: FuturesOrderView; new: FuturesOrderView; reducedQuantity: Dec | null }
  | { type: 'REJECT'; uid: string; order: FuturesOrderView; reason: 'POST_WOULD_EXECUTE' | 'IOC_WOULD_NOT_EXECUTE' | (string & {}) }
  | {
      type: 'EXECUTION';
      executionId: string;
      price: Dec;
      amount: Dec;
      orderPriorExecution: FuturesOrderView;
      takerReducedQuantity: Dec | null;
    };

export interface FuturesOrderResult {
  status: FuturesSendStatus;
  orderId?: string;
  cliOrdId?: string;
  receivedTimeMs: number;
  orderEvents: FuturesOrderEvent[];
}

export interface FuturesCancelAllResult {
  status: 'cancelled' | 'noOrdersToCancel';
  cancelOnly: string;
  cancelledOrders: { orderId: string; cliOrdId: string | null }[];
  receivedTimeMs: number;
  orderEvents: FuturesOrderEvent[];
}

export interface FuturesBatchStatus extends FuturesOrderResult {
  orderTag?: string;
}

export type FuturesFillType = 'maker' | 'taker' | 'liquidation' | 'takerAfterEdit';

export interface FuturesFillView {
  fillId: string;
  orderId: string;
  cliOrdId: string | null;
  symbol: string;
  side: Side;
  size: Dec;
  price: Dec;
  fillTimeMs: number;
  fillType: FuturesFillType;
  /** Remaining order quantity after the fill. */
  remainingOrderQty: Dec;
  feePaid: Dec;
  feeCurrency: string;
  /** WS `order_type` (`lmt`, `ioc`, `post`, `stp`, `market`, ...). */
  orderType: string;
  takerOrderType: string;
  seq: number;
}

/** History API event (`/api/history/v3/orders|executions|triggers`). */
export interface FuturesHistoryEvent {
  uid: string;
  timestampMs: number;
  kind:
    | 'OrderPlaced'
    | 'OrderUpdated'
    | 'OrderCancelled'
    | 'OrderRejected'
    | 'Execution'
    | 'TriggerPlaced'
    | 'TriggerActivated'
    | 'TriggerCancelled';
  order: FuturesOrderView;
  reason: string | null;
  /** `OrderUpdated`: the order before the change. */
  oldOrder?: FuturesOrderView;
  /** `Execution`: the fill; `counterOrder` is the other side's order (another account's, shown sanitised). */
  execution?: {
    uid: string;
    price: Dec;
    quantity: Dec;
    markPrice: Dec;
    fee: Dec;
    feeRate: Dec;
    positionSize: Dec;
    maker: boolean;
    usdValue: Dec;
    counterOrder?: FuturesOrderView;
  };
}

/** Bounds of a history query: epoch ms (`since` inclusive, `before` exclusive), newest first unless `asc`. */
export interface FuturesHistoryQuery {
  sinceMs?: number;
  beforeMs?: number;
  sort?: 'asc' | 'desc';
  count?: number;
}

/** One change of a position (history API `/positions`): from a trade. */
export interface FuturesPositionUpdate {
  uid: string;
  timestampMs: number;
  symbol: string;
  oldPosition: Dec;
  oldAverageEntryPrice: Dec | null;
  newPosition: Dec;
  newAverageEntryPrice: Dec;
  fee: Dec;
  feeCurrency: string;
  realizedPnl: Dec;
  positionChange: 'open' | 'close' | 'increase' | 'decrease' | 'reverse';
  executionUid: string;
  executionPrice: Dec;
  executionSize: Dec;
  tradeType: 'userExecution' | 'liquidation';
}

/** One account-log entry (history API `/account-log`): a trade's effect on a wallet. */
export interface FuturesAccountLogEntry {
  /** Per account, from 1. */
  id: number;
  bookingUid: string;
  timeMs: number;
  asset: string;
  info: 'futures trade' | 'futures liquidation';
  marginAccount: string;
  contract: string | null;
  execution: string | null;
  oldBalance: Dec;
  newBalance: Dec;
  oldAverageEntryPrice: Dec | null;
  newAverageEntryPrice: Dec | null;
  tradePrice: Dec | null;
  markPrice: Dec | null;
  fee: Dec | null;
  realizedPnl: Dec | null;
}
