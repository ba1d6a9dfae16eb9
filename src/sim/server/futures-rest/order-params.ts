/**
 * Futures REST order parameters (form or query strings) → engine requests.
 * A missing required argument is `requiredArgumentMissing`, a malformed one `invalidArgument`
 * (Kraken's envelope errors).
 */
import { parseVenueJson } from '../../../core/json.js';
import { exactNumberText, SIGNED_DECIMAL } from '../decimal-text.js';
import type {
  FuturesBatchInstruction,
  FuturesEditRequest,
  FuturesOrderRequest,
  FuturesOrderType,
} from '../../engine/types/futures-requests.js';

export class FuturesArgumentError extends Error {
  constructor(
    readonly code: 'requiredArgumentMissing' | 'invalidArgument',
    readonly field: string,
  ) {
    super(code);
  }
}

type P = Record<string, unknown>;
const ORDER_TYPES: readonly FuturesOrderType[] = ['lmt', 'post', 'mkt', 'stp', 'take_profit', 'ioc', 'trailing_stop', 'fok'];

function text(p: P, field: string): string | undefined {
  const v = p[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return String(v);
  // A batch instruction's numbers come from parseVenueJson: fractions arrive as their exact text,
  // only safe integers as JS numbers, so no money value is ever printed through String(float).
  const exact = exactNumberText(v);
  if (exact === undefined) throw new FuturesArgumentError('invalidArgument', field);
  return exact;
}

function required(p: P, field: string): string {
  const v = text(p, field);
  if (v === undefined) throw new FuturesArgumentError('requiredArgumentMissing', field);
  return v;
}

function decimal(p: P, field: string): string | undefined {
  const v = text(p, field);
  if (v !== undefined && !SIGNED_DECIMAL.test(v)) throw new FuturesArgumentError('invalidArgument', field);
  return v;
}

function oneOf<T extends string>(p: P, field: string, allowed: readonly T[]): T | undefined {
  const v = text(p, field);
  if (v !== undefined && !allowed.includes(v as T)) throw new FuturesArgumentError('invalidArgument', field);
  return v as T | undefined;
}

function time(p: P, field: string): number | undefined {
  const v = text(p, field);
  if (v === undefined) return undefined;
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) throw new FuturesArgumentError('invalidArgument', field);
  return ms;
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

export function parseSendOrder(p: P): FuturesOrderRequest {
  const orderType = oneOf(p, 'orderType', ORDER_TYPES);
  if (orderType === undefined) throw new FuturesArgumentError('requiredArgumentMissing', 'orderType');
  const side = oneOf(p, 'side', ['buy', 'sell'] as const);
  if (side === undefined) throw new FuturesArgumentError('requiredArgumentMissing', 'side');
  const size = decimal(p, 'size');
  if (size === undefined) throw new FuturesArgumentError('requiredArgumentMissing', 'size');
  const req: FuturesOrderRequest = { orderType, symbol: required(p, 'symbol'), side, size };
  assign(req, 'limitPrice', decimal(p, 'limitPrice'));
  assign(req, 'stopPrice', decimal(p, 'stopPrice'));
  assign(req, 'cliOrdId', text(p, 'cliOrdId'));
  assign(req, 'triggerSignal', oneOf(p, 'triggerSignal', ['mark', 'index', 'last'] as const));
  const reduceOnly = oneOf(p, 'reduceOnly', ['true', 'false'] as const);
  if (reduceOnly !== undefined) req.reduceOnly = reduceOnly === 'true';
  assign(req, 'trailingStopMaxDeviation', decimal(p, 'trailingStopMaxDeviation'));
  assign(req, 'trailingStopDeviationUnit', oneOf(p, 'trailingStopDeviationUnit', ['PERCENT', 'QUOTE_CURRENCY'] as const));
  assign(req, 'limitPriceOffsetValue', decimal(p, 'limitPriceOffsetValue'));
  assign(req, 'limitPriceOffsetUnit', oneOf(p, 'limitPriceOffsetUnit', ['QUOTE_CURRENCY', 'PERCENT'] as const));
  assign(req, 'processBeforeMs', time(p, 'processBefore'));
  return req;
}

export function parseEditOrder(p: P): FuturesEditRequest {
  const req: FuturesEditRequest = {};
  assign(req, 'orderId', text(p, 'orderId') ?? text(p, 'order_id'));
  assign(req, 'cliOrdId', text(p, 'cliOrdId'));
  if (req.orderId === undefined && req.cliOrdId === undefined) throw new FuturesArgumentError('requiredArgumentMissing', 'orderId');
  assign(req, 'size', decimal(p, 'size'));
  assign(req, 'limitPrice', decimal(p, 'limitPrice'));
  assign(req, 'stopPrice', decimal(p, 'stopPrice'));
  assign(req, 'trailingStopMaxDeviation', decimal(p, 'trailingStopMaxDeviation'));
  assign(req, 'trailingStopDeviationUnit', oneOf(p, 'trailingStopDeviationUnit', ['PERCENT', 'QUOTE_CURRENCY'] as const));
  assign(req, 'qtyMode', oneOf(p, 'qtyMode', ['RELATIVE', 'ABSOLUTE'] as const));
  assign(req, 'processBeforeMs', time(p, 'processBefore'));
  return req;
}

export function parseCancelSelector(p: P): { orderId?: string; cliOrdId?: string } {
  const orderId = text(p, 'order_id') ?? text(p, 'orderId');
  const cliOrdId = text(p, 'cliOrdId');
  if (orderId === undefined && cliOrdId === undefined) throw new FuturesArgumentError('requiredArgumentMissing', 'order_id');
  return { ...(orderId === undefined ? {} : { orderId }), ...(cliOrdId === undefined ? {} : { cliOrdId }) };
}

/** `json={"batchOrder":[...]}` (Kraken's batchorder body); instruction numbers may be JSON numbers. */
export function parseBatch(jsonText: string | undefined): FuturesBatchInstruction[] {
  if (jsonText === undefined) throw new FuturesArgumentError('requiredArgumentMissing', 'json');
  let parsed: unknown;
  try {
    parsed = parseVenueJson(jsonText); // lossless: `"size": 0.00010000` keeps every digit
  } catch {
    throw new FuturesArgumentError('invalidArgument', 'json');
  }
  const list = (parsed as { batchOrder?: unknown })?.batchOrder;
  if (!Array.isArray(list) || list.length === 0) throw new FuturesArgumentError('invalidArgument', 'batchOrder');
  return list.map((raw): FuturesBatchInstruction => {
    if (typeof raw !== 'object' || raw === null) throw new FuturesArgumentError('invalidArgument', 'batchOrder');
    const i = raw as P;
    switch (i['order']) {
      case 'send':
        return { order: 'send', orderTag: required(i, 'order_tag'), ...parseSendOrder(i) };
      case 'edit':
        return { order: 'edit', ...parseEditOrder(i) };
      case 'cancel':
        return { order: 'cancel', ...parseCancelSelector(i) };
      default:
        throw new FuturesArgumentError('invalidArgument', 'order');
    }
  });
}
