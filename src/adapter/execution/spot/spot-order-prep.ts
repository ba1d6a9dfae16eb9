/**
 * One Spot order made ready to send: the shape check passed, and the exact wire fields for both
 * transports (single order and batch entry), the names of its pair on each, and why the WS cannot
 * carry it (if so).
 */
import type { SpotInstrumentInfo } from '../../instruments/spot-instruments.js';
import type { OrderParams } from '../../../model/order-events.js';
import type { Order } from '../../../model/order.js';
import { encodeRestOrder, encodeWsOrder, type SpotEncodingContext } from './spot-order-encoding.js';
import { checkSpotOrder } from './spot-order-shape.js';

export interface SpotPreparedOrder {
  readonly order: Order;
  readonly clOrdId: string;
  readonly restPair: string;
  readonly wsSymbol: string;
  readonly leverage: number | null;
  readonly wsRefusal: string | null;
  readonly rest: Readonly<Record<string, unknown>>;
  readonly restBatchEntry: Readonly<Record<string, unknown>>;
  readonly ws: Readonly<Record<string, unknown>>;
  readonly wsBatchEntry: Readonly<Record<string, unknown>>;
}

export interface SpotPrepContext {
  readonly info: SpotInstrumentInfo;
  readonly margin: boolean;
  readonly defaultLeverage: number | null;
  readonly nowNs: bigint;
}

/** The prepared order, or the reason Kraken Spot cannot carry it. */
export function prepareSpotOrder(order: Order, params: OrderParams, ctx: SpotPrepContext): SpotPreparedOrder | { readonly reason: string } {
  const instrument = ctx.info.instrument;
  const shape = checkSpotOrder(order, params, {
    instrument,
    margin: ctx.margin,
    defaultLeverage: ctx.defaultLeverage,
    nowNs: ctx.nowNs,
  });
  if (!shape.ok) return { reason: shape.reason };
  const enc: SpotEncodingContext = {
    instrument,
    wsSymbol: ctx.info.names.symbol,
    restPair: ctx.info.names.altname,
    clOrdId: order.clientOrderId.value,
    margin: ctx.margin,
    leverage: shape.leverage,
  };
  return {
    order,
    clOrdId: enc.clOrdId,
    restPair: enc.restPair,
    wsSymbol: enc.wsSymbol,
    leverage: shape.leverage,
    wsRefusal: shape.wsRefusal,
    rest: encodeRestOrder(order, enc),
    restBatchEntry: encodeRestOrder(order, enc, { inBatch: true }),
    ws: encodeWsOrder(order, enc),
    wsBatchEntry: encodeWsOrder(order, enc, { inBatch: true }),
  };
}
