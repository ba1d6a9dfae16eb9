/**
 * Unified WebSocket trading requests: which take `asset_class`, how each is encoded (generated
 * encoders: validated, decimals written as bare JSON numbers digit for digit), how many answers
 * each gets, and what `request()` resolves with.
 */
import {
  encodeAddOrderRequest,
  encodeAmendOrderRequest,
  encodeBatchAddRequest,
  encodeBatchCancelRequest,
  encodeCancelAllOrdersAfterRequest,
  encodeCancelAllRequest,
  encodeCancelOrderRequest,
} from '../../../generated/unified-ws/encoders.gen.js';
import type { MethodResponses } from '../../../generated/unified-ws/routes.gen.js';
import type { UwsAssetClass, UwsMethod, UwsReply } from './types.js';

type Encoder = (message: never) => string;
const ENCODERS: Readonly<Record<UwsMethod, Encoder>> = {
  add_order: encodeAddOrderRequest,
  amend_order: encodeAmendOrderRequest,
  cancel_order: encodeCancelOrderRequest,
  cancel_all: encodeCancelAllRequest,
  cancel_all_orders_after: encodeCancelAllOrdersAfterRequest,
  batch_add: encodeBatchAddRequest,
  batch_cancel: encodeBatchCancelRequest,
};

/**
 * Requests whose `asset_class` Kraken documents as required. Not on the list: `balances` (its
 * subscribe excerpt shows none) and `cancel_all_orders_after` (the page is cut off before its
 * params): the client sends one there only when the caller gives it.
 */
const TAKES_ASSET_CLASS: ReadonlySet<string> = new Set([
  'add_order',
  'amend_order',
  'cancel_order',
  'cancel_all',
  'batch_add',
  'batch_cancel',
  'subscribe:book',
  'subscribe:ticker',
  'subscribe:trade',
  'subscribe:ohlc',
  'subscribe:instrument',
  'subscribe:executions',
  'subscribe:margin',
  'subscribe:positions',
  'unsubscribe:book',
  'unsubscribe:ticker',
  'unsubscribe:trade',
  'unsubscribe:ohlc',
  'unsubscribe:instrument',
  'unsubscribe:executions',
  'unsubscribe:margin',
  'unsubscribe:positions',
]);

/** `margin` and `positions` accept `derivatives` only. */
const DERIVATIVES_ONLY: ReadonlySet<string> = new Set(['margin', 'positions']);

/** The params with `asset_class` filled in where the request takes one and the caller gave none. */
export function withAssetClass(method: string, channel: string, params: object, dflt: UwsAssetClass): Record<string, unknown> {
  const p = { ...(params as Record<string, unknown>) };
  const key = channel === '' ? method : `${method}:${channel}`;
  if (p['asset_class'] === undefined && TAKES_ASSET_CLASS.has(key)) p['asset_class'] = DERIVATIVES_ONLY.has(channel) ? 'derivatives' : dflt;
  return p;
}

export function encodeUwsRequest(method: UwsMethod, params: Record<string, unknown>, reqId: number): string {
  return ENCODERS[method]({ method, params, req_id: reqId } as never);
}

/** How many answers a request gets: `cancel_order` one per order it names (assumed from Spot v2), every other one. */
export function expectedAnswers(method: UwsMethod, params: object): number {
  if (method !== 'cancel_order') return 1;
  const p = params as Record<string, unknown>;
  let n = 0;
  for (const k of ['order_id', 'cl_ord_id', 'order_userref']) {
    const v = p[k];
    if (Array.isArray(v)) n += v.length;
  }
  return Math.max(1, n);
}

function firstAnswer<T>(answers: readonly T[]): T {
  return answers[0]!;
}

export const UWS_REPLY_OF: { readonly [M in UwsMethod]: (answers: MethodResponses[M][]) => UwsReply<M> } = {
  add_order: firstAnswer,
  amend_order: firstAnswer,
  cancel_order: (answers) => answers,
  cancel_all: firstAnswer,
  cancel_all_orders_after: firstAnswer,
  batch_add: firstAnswer,
  batch_cancel: firstAnswer,
};
