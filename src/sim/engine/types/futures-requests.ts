/** What a Futures client asks of the venue (REST v3 and WS requests in engine terms). */
import type { Dec, Side } from './common.js';

export type FuturesOrderType = 'lmt' | 'post' | 'mkt' | 'stp' | 'take_profit' | 'ioc' | 'trailing_stop' | 'fok';

export type FuturesTriggerSignal = 'mark' | 'index' | 'last';

export type FuturesSendStatus =
  | 'placed'
  | 'partiallyFilled'
  | 'filled'
  | 'cancelled'
  | 'edited'
  | 'marketSuspended'
  | 'marketInactive'
  | 'invalidPrice'
  | 'invalidSize'
  | 'insufficientAvailableFunds'
  | 'clientOrderIdAlreadyExist'
  | 'clientOrderIdTooBig'
  | 'maxPositionViolation'
  | 'notFound'
  | 'orderForEditNotFound'
  | 'orderForEditNotAStop'
  | 'postWouldExecute'
  | 'iocWouldNotExecute'
  | 'wouldNotReducePosition'
  | 'marketIsPostOnly'
  | 'wouldProcessAfterSpecifiedTime'
  | 'noOrdersToCancel'
  | 'invalidOrderType'
  | 'invalidSide';

export interface FuturesOrderRequest {
  orderType: FuturesOrderType;
  symbol: string;
  side: Side;
  size: Dec;
  limitPrice?: Dec;
  stopPrice?: Dec;
  cliOrdId?: string;
  triggerSignal?: FuturesTriggerSignal;
  reduceOnly?: boolean;
  trailingStopMaxDeviation?: Dec;
  trailingStopDeviationUnit?: 'PERCENT' | 'QUOTE_CURRENCY';
  limitPriceOffsetValue?: Dec;
  limitPriceOffsetUnit?: 'QUOTE_CURRENCY' | 'PERCENT';
  processBeforeMs?: number;
}

export interface FuturesEditRequest {
  orderId?: string;
  cliOrdId?: string;
  size?: Dec;
  limitPrice?: Dec;
  stopPrice?: Dec;
  trailingStopMaxDeviation?: Dec;
  trailingStopDeviationUnit?: 'PERCENT' | 'QUOTE_CURRENCY';
  qtyMode?: 'RELATIVE' | 'ABSOLUTE';
  processBeforeMs?: number;
}

export type FuturesBatchInstruction =
  | ({ order: 'send'; orderTag: string } & FuturesOrderRequest)
  | ({ order: 'edit' } & FuturesEditRequest)
  | { order: 'cancel'; orderId?: string; cliOrdId?: string };
