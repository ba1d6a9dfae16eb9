/** What a Spot client asks of the venue (REST and WS v2 requests in engine terms) and the direct answers. */
import type { Dec, Side } from './common.js';

export type SpotOrderType =
  | 'market'
  | 'limit'
  | 'iceberg'
  | 'stop-loss'
  | 'take-profit'
  | 'stop-loss-limit'
  | 'take-profit-limit'
  | 'trailing-stop'
  | 'trailing-stop-limit';

export type SpotTimeInForce = 'GTC' | 'IOC' | 'GTD' | 'FOK';

export type TriggerReference = 'last' | 'index';

/**
 * A price as Kraken accepts it. `absolute`: a plain price. `offset`: REST's relative syntax
 * (`+5`, `-5`, `#5`, `+2%`): relative to the last trade price (or, for trailing orders' `price`,
 * the trailing distance; for trailing-stop-limit `price2`, the offset from the trigger price).
 * Use `parseKrakenPrice()` to build one from REST text; the WS layer maps
 * `price_type: pct|quote` onto `offset` (pct → percent true).
 */
export type PriceInput = { kind: 'absolute'; value: Dec } | { kind: 'offset'; sign: '+' | '-' | '#'; value: Dec; percent: boolean };

export interface SpotCloseSpec {
  orderType: Exclude<SpotOrderType, 'market'>;
  price: PriceInput;
  price2?: PriceInput;
}

export interface SpotOrderRequest {
  /** Pair id (`XXBTZUSD`), altname (`XBTUSD`), wsname (`XBT/USD`) or WS v2 symbol (`BTC/USD`). */
  pair: string;
  side: Side;
  orderType: SpotOrderType;
  /** Base volume. For viqc orders give `cashOrderQty` instead (volume may be omitted). */
  volume?: Dec;
  /** Volume in quote currency (`oflags=viqc` / WS `cash_order_qty`): buy market orders only, not margin. */
  cashOrderQty?: Dec;
  /** Iceberg visible quantity (REST `displayvol`, WS `display_qty`); >= 1/15 of volume. */
  displayVol?: Dec;
  /** Limit price (limit, iceberg) or trigger price (stop/take-profit/trailing). */
  price?: PriceInput;
  /** Limit price of *-limit triggered orders. */
  price2?: PriceInput;
  trigger?: TriggerReference;
  /** Leverage as an integer ratio (`5` for 5:1); present → margin order. */
  leverage?: number;
  reduceOnly?: boolean;
  postOnly?: boolean;
  timeInForce?: SpotTimeInForce;
  /** Scheduled start, epoch ms (0/absent = now). */
  startTimeMs?: number;
  /** GTD expiry, epoch ms. */
  expireTimeMs?: number;
  userref?: number;
  clOrdId?: string;
  /** Reject if the engine processes the order after this time (epoch ms). */
  deadlineMs?: number;
  validate?: boolean;
  close?: SpotCloseSpec;
  /** `fcib` / `fciq`: recorded on the order; fees are always charged in quote (see README). */
  feePreference?: 'base' | 'quote';
  stpType?: 'cancel-newest' | 'cancel-oldest' | 'cancel-both';
}

export interface SpotAddOrderResult {
  /** Absent when `validate` was set. */
  txid?: string;
  descr: { order: string; close?: string };
  userref?: number;
  clOrdId?: string;
}

export interface SpotBatchRow {
  txid?: string;
  descr?: { order: string; close?: string };
  clOrdId?: string;
  userref?: number;
  /** Per-leg failure after whole-batch validation passed (e.g. `EOrder:Insufficient funds`). */
  error?: string;
}

export interface SpotAmendRequest {
  txid?: string;
  clOrdId?: string;
  orderQty?: Dec;
  displayQty?: Dec;
  limitPrice?: PriceInput;
  triggerPrice?: PriceInput;
  postOnly?: boolean;
  deadlineMs?: number;
}

export interface SpotAmendResult {
  amendId: string;
  txid: string;
  clOrdId?: string;
}

export interface SpotEditRequest {
  /** txid of the order to replace (or a userref when `userref` selection is used). */
  txid: string;
  pair: string;
  /** New userref for the replacement order. */
  newUserref?: number;
  volume?: Dec;
  displayVol?: Dec;
  price?: PriceInput;
  price2?: PriceInput;
  postOnly?: boolean;
  deadlineMs?: number;
  validate?: boolean;
}

export interface SpotEditResult {
  status: 'ok';
  txid: string;
  originaltxid: string;
  volume: Dec;
  price: Dec;
  price2: Dec;
  ordersCancelled: number;
  descr: { order: string };
  newuserref?: number;
  olduserref?: number;
}

export interface SpotCancelSelector {
  txid?: string;
  userref?: number;
  clOrdId?: string;
}

export interface SpotCancelResult {
  count: number;
  /** The txids that were cancelled (the WS layer sends one ack per order). */
  txids: string[];
}

export interface ClosedOrdersQuery {
  /** Exclusive lower bound (epoch ms) on the selected time (see closetime). */
  startMs?: number;
  /** Inclusive upper bound (epoch ms). */
  endMs?: number;
  ofs?: number;
  closetime?: 'open' | 'close' | 'both';
  userref?: number;
  clOrdId?: string;
}

export interface TradesHistoryQuery {
  startMs?: number;
  endMs?: number;
  ofs?: number;
}
