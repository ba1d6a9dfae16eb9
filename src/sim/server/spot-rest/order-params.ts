/**
 * REST AddOrder / AddOrderBatch / AmendOrder / EditOrder parameters → engine requests
 * as Kraken's AddOrder takes them. Field errors are `EGeneral:Invalid arguments:<field>`.
 */
import type {
  SpotAmendRequest,
  SpotCloseSpec,
  SpotEditRequest,
  SpotOrderRequest,
  SpotOrderType,
} from '../../engine/types/spot-requests.js';
import { parseKrakenPrice } from '../../engine/price-input.js';
import { InvalidArguments, optBool, optDecimal, optEnum, optInt, optString, reqString, type ParamValue, type Params } from './params.js';

export const SPOT_ORDER_TYPES: readonly SpotOrderType[] = [
  'market',
  'limit',
  'iceberg',
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
  'trailing-stop-limit',
];
const CLOSE_TYPES = SPOT_ORDER_TYPES.filter((t) => t !== 'market');
const OFLAGS = new Set(['post', 'fcib', 'fciq', 'nompp', 'viqc']);

/** `0` (now), `<unix s>` or `+<seconds>` (Kraken's AddOrder `starttm`/`expiretm`). */
export function parseRelativeTime(text: string | undefined, nowMs: number, field: string): number | undefined {
  if (text === undefined || text === '0') return undefined;
  const m = /^(\+)?(\d+(\.\d+)?)$/.exec(text);
  if (m === null) throw new InvalidArguments(field);
  const seconds = Number(m[2]);
  return m[1] === '+' ? nowMs + Math.round(seconds * 1000) : Math.round(seconds * 1000);
}

export function parseDeadline(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(text)) throw new InvalidArguments('deadline');
  return ms;
}

function asParams(v: ParamValue | undefined, field: string): Params | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new InvalidArguments(field);
  return v;
}

/** One order's fields (AddOrder top level, or one entry of AddOrderBatch `orders`). */
export function parseOrderFields(p: Params, pair: string, nowMs: number): SpotOrderRequest {
  const orderType = optEnum(p, 'ordertype', SPOT_ORDER_TYPES);
  if (orderType === undefined) throw new InvalidArguments('ordertype');
  const side = optEnum(p, 'type', ['buy', 'sell'] as const);
  if (side === undefined) throw new InvalidArguments('type');
  const volume = optDecimal(p, 'volume');
  if (volume === undefined) throw new InvalidArguments('volume');
  const oflags = (optString(p, 'oflags') ?? '').split(',').filter((f) => f !== '');
  if (oflags.some((f) => !OFLAGS.has(f))) throw new InvalidArguments('oflags');
  const priceText = optString(p, 'price');
  const price2Text = optString(p, 'price2');
  const leverageText = optString(p, 'leverage');
  let leverage: number | undefined;
  if (leverageText !== undefined && leverageText !== 'none') {
    const m = /^(\d+)(:1)?$/.exec(leverageText);
    if (m === null) throw new InvalidArguments('leverage');
    leverage = Number(m[1]);
  }
  const tif = optEnum(p, 'timeinforce', ['GTC', 'IOC', 'GTD', 'FOK'] as const, true);
  const start = parseRelativeTime(optString(p, 'starttm'), nowMs, 'starttm');
  const expire = parseRelativeTime(optString(p, 'expiretm'), nowMs, 'expiretm');
  const userref = optInt(p, 'userref', -2147483648, 2147483647);
  const clOrdId = optString(p, 'cl_ord_id');
  if (userref !== undefined && clOrdId !== undefined) throw new InvalidArguments('cl_ord_id');
  const trigger = optEnum(p, 'trigger', ['last', 'index'] as const);
  const stp = optEnum(p, 'stptype', ['cancel-newest', 'cancel-oldest', 'cancel-both'] as const);
  const viqc = oflags.includes('viqc');
  const req: SpotOrderRequest = {
    pair,
    side,
    orderType,
    ...(viqc ? { cashOrderQty: volume } : { volume }),
    ...(priceText === undefined ? {} : { price: parseKrakenPrice(priceText, 'price') }),
    ...(price2Text === undefined ? {} : { price2: parseKrakenPrice(price2Text, 'price2') }),
    ...(optDecimal(p, 'displayvol') === undefined ? {} : { displayVol: optDecimal(p, 'displayvol')! }),
    ...(trigger === undefined ? {} : { trigger }),
    ...(leverage === undefined ? {} : { leverage }),
    ...(optBool(p, 'reduce_only') === undefined ? {} : { reduceOnly: optBool(p, 'reduce_only')! }),
    ...(oflags.includes('post') ? { postOnly: true } : {}),
    ...(oflags.includes('fcib') ? { feePreference: 'base' as const } : oflags.includes('fciq') ? { feePreference: 'quote' as const } : {}),
    ...(tif === undefined ? {} : { timeInForce: tif }),
    ...(start === undefined ? {} : { startTimeMs: start }),
    ...(expire === undefined ? {} : { expireTimeMs: expire }),
    ...(userref === undefined ? {} : { userref }),
    ...(clOrdId === undefined ? {} : { clOrdId }),
    ...(stp === undefined ? {} : { stpType: stp }),
  };
  const close = parseClose(p);
  if (close !== undefined) req.close = close;
  return req;
}

/** Conditional close: nested `close{ordertype,price,price2}` (JSON, or form `close[ordertype]`). */
function parseClose(p: Params): SpotCloseSpec | undefined {
  const c = asParams(p['close'], 'close');
  if (c === undefined) return undefined;
  const orderType = optEnum(c, 'ordertype', CLOSE_TYPES);
  if (orderType === undefined) throw new InvalidArguments('close[ordertype]');
  const price = optString(c, 'price');
  if (price === undefined) throw new InvalidArguments('close[price]');
  const price2 = optString(c, 'price2');
  return {
    orderType,
    price: parseKrakenPrice(price, 'close[price]'),
    ...(price2 === undefined ? {} : { price2: parseKrakenPrice(price2, 'close[price2]') }),
  };
}

export function parseAddOrder(p: Params, nowMs: number): SpotOrderRequest {
  const pair = reqString(p, 'pair');
  const req = parseOrderFields(p, pair, nowMs);
  const deadline = parseDeadline(optString(p, 'deadline'));
  if (deadline !== undefined) req.deadlineMs = deadline;
  if (optBool(p, 'validate') === true) req.validate = true;
  return req;
}

export function parseAmend(p: Params): SpotAmendRequest {
  const txid = optString(p, 'txid');
  const clOrdId = optString(p, 'cl_ord_id');
  if (txid === undefined && clOrdId === undefined) throw new InvalidArguments('txid');
  const limit = optString(p, 'limit_price');
  const trig = optString(p, 'trigger_price');
  const deadline = parseDeadline(optString(p, 'deadline'));
  const req: SpotAmendRequest = {
    ...(txid === undefined ? {} : { txid }),
    ...(clOrdId === undefined ? {} : { clOrdId }),
    ...(optDecimal(p, 'order_qty') === undefined ? {} : { orderQty: optDecimal(p, 'order_qty')! }),
    ...(optDecimal(p, 'display_qty') === undefined ? {} : { displayQty: optDecimal(p, 'display_qty')! }),
    ...(limit === undefined ? {} : { limitPrice: parseKrakenPrice(limit, 'limit_price') }),
    ...(trig === undefined ? {} : { triggerPrice: parseKrakenPrice(trig, 'trigger_price') }),
    ...(optBool(p, 'post_only') === undefined ? {} : { postOnly: optBool(p, 'post_only')! }),
    ...(deadline === undefined ? {} : { deadlineMs: deadline }),
  };
  if (req.orderQty === undefined && req.displayQty === undefined && req.limitPrice === undefined && req.triggerPrice === undefined) {
    throw new InvalidArguments('order_qty');
  }
  return req;
}

export function parseEdit(p: Params): SpotEditRequest {
  const txid = reqString(p, 'txid');
  const pair = reqString(p, 'pair');
  const price = optString(p, 'price');
  const price2 = optString(p, 'price2');
  const oflags = (optString(p, 'oflags') ?? '').split(',').filter((f) => f !== '');
  const deadline = parseDeadline(optString(p, 'deadline'));
  const userref = optInt(p, 'userref', -2147483648, 2147483647);
  return {
    txid,
    pair,
    ...(userref === undefined ? {} : { newUserref: userref }),
    ...(optDecimal(p, 'volume') === undefined ? {} : { volume: optDecimal(p, 'volume')! }),
    ...(optDecimal(p, 'displayvol') === undefined ? {} : { displayVol: optDecimal(p, 'displayvol')! }),
    ...(price === undefined ? {} : { price: parseKrakenPrice(price, 'price') }),
    ...(price2 === undefined ? {} : { price2: parseKrakenPrice(price2, 'price2') }),
    ...(oflags.includes('post') ? { postOnly: true } : {}),
    ...(deadline === undefined ? {} : { deadlineMs: deadline }),
    ...(optBool(p, 'validate') === true ? { validate: true } : {}),
  };
}
