/**
 * Spot orders, domain → wire: one `Order` becomes Kraken's exact request fields, for the WS v2
 * `add_order` and for REST `AddOrder`, from exact domain values at the pair's precision. Pure: no
 * I/O, no clock. The shape check (what Kraken cannot carry) is in spot-order-shape.ts and runs
 * first; these encoders assume a shape it passed.
 *
 * | Domain                       | REST `ordertype` / fields                   | WS `order_type` / fields                        |
 * | ---------------------------- | ------------------------------------------- | ----------------------------------------------- |
 * | MARKET                       | market                                      | market                                          |
 * | LIMIT (display_qty: iceberg) | limit, price (iceberg + displayvol)         | limit, limit_price (iceberg + display_qty)      |
 * | STOP_MARKET                  | stop-loss, price = trigger                  | stop-loss, triggers.price                       |
 * | MARKET_IF_TOUCHED            | take-profit, price = trigger                | take-profit, triggers.price                     |
 * | STOP_LIMIT                   | stop-loss-limit, price = trigger, price2    | stop-loss-limit, triggers.price, limit_price    |
 * | LIMIT_IF_TOUCHED             | take-profit-limit, price = trigger, price2  | take-profit-limit, triggers.price, limit_price  |
 * | TRAILING_STOP_MARKET         | trailing-stop, price `+offset` (`%`)        | trailing-stop, triggers.price + price_type      |
 * | TRAILING_STOP_LIMIT          | trailing-stop-limit, price2 `±limit offset` | trailing-stop-limit, limit_price + its type     |
 *
 * Triggers: LAST_PRICE (and DEFAULT) → `last`, INDEX_PRICE → `index`. Time in force: GTC, IOC,
 * FOK, GTD (REST `expiretm` in Unix seconds, WS `expire_time` RFC3339 to the second); a market
 * order carries none. Every order carries `cl_ord_id`.
 */
import type { CurrencyPair } from '../../../model/instruments.js';
import type { Order } from '../../../model/order.js';
import { Decimal, type Price } from '../../../model/values.js';

export interface SpotEncodingContext {
  readonly instrument: CurrencyPair;
  /** The WS v2 symbol (`BTC/USD`). */
  readonly wsSymbol: string;
  /** The REST pair name (`XBTUSD`). */
  readonly restPair: string;
  /** The order's client id as Kraken's `cl_ord_id`. */
  readonly clOrdId: string;
  /** True on a MARGIN account: `reduce_only` is sent (a cash order ignores the flag). */
  readonly margin: boolean;
  /** The leverage to borrow at (an entry of the pair's tiers), or null for none. */
  readonly leverage: number | null;
}

type Wire = Record<string, unknown>;

const ORDER_TYPE: Readonly<Record<Order['orderType'], string>> = {
  MARKET: 'market',
  LIMIT: 'limit',
  STOP_MARKET: 'stop-loss',
  MARKET_IF_TOUCHED: 'take-profit',
  STOP_LIMIT: 'stop-loss-limit',
  LIMIT_IF_TOUCHED: 'take-profit-limit',
  TRAILING_STOP_MARKET: 'trailing-stop',
  TRAILING_STOP_LIMIT: 'trailing-stop-limit',
};

const TRIGGERED: ReadonlySet<Order['orderType']> = new Set([
  'STOP_MARKET',
  'MARKET_IF_TOUCHED',
  'STOP_LIMIT',
  'LIMIT_IF_TOUCHED',
  'TRAILING_STOP_MARKET',
  'TRAILING_STOP_LIMIT',
]);
const TRAILING: ReadonlySet<Order['orderType']> = new Set(['TRAILING_STOP_MARKET', 'TRAILING_STOP_LIMIT']);

export function isTriggered(order: Order): boolean {
  return TRIGGERED.has(order.orderType);
}
export function isTrailing(order: Order): boolean {
  return TRAILING.has(order.orderType);
}

/** A price at the pair's precision (the shape check made sure it is on the tick). */
export function priceText(price: Price | Decimal, instrument: CurrencyPair): string {
  return price.round(instrument.pricePrecision).toString();
}

/** A quantity at the pair's lot precision, or at the quote currency's for a quote quantity (the shape check made sure it fits). */
export function quantityText(order: Order, instrument: CurrencyPair): string {
  return order.quantity.round(order.quoteQuantity ? instrument.quoteCurrency.precision : instrument.sizePrecision).toString();
}

/** An offset as Kraken writes it: an absolute amount in quote (`quote`) or a percentage (`pct`). */
export interface WireOffset {
  readonly value: string;
  readonly type: 'quote' | 'pct';
}

/** A trailing or limit offset in Kraken's terms: PRICE as quote, BASIS_POINTS as percent, TICKS × the tick. */
export function offsetOf(order: Order, offset: Decimal, instrument: CurrencyPair): WireOffset {
  switch (order.trailingOffsetType) {
    case 'BASIS_POINTS':
      return {
        value: offset
          .div(Decimal.fromInt(100), offset.precision + 2)
          .normalized()
          .toString(),
        type: 'pct',
      };
    case 'TICKS':
      return { value: priceText(Decimal.from(instrument.priceIncrement).mul(offset), instrument), type: 'quote' };
    default:
      return { value: priceText(offset, instrument), type: 'quote' };
  }
}

/** The limit of a trailing-stop-limit sits below the trigger for a sell and above it for a buy. */
function limitOffsetSign(order: Order): '+' | '-' {
  return order.side === 'BUY' ? '+' : '-';
}

function triggerReference(order: Order): 'last' | 'index' {
  return order.triggerType === 'INDEX_PRICE' ? 'index' : 'last';
}

function expireSeconds(order: Order): bigint {
  return (order.expireTime ?? 0n) / 1_000_000_000n;
}

function rfc3339Seconds(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}

/** REST `AddOrder` (and `AddOrderBatch` order) fields, without `pair` for a batch entry. */
export function encodeRestOrder(order: Order, ctx: SpotEncodingContext, options: { readonly inBatch?: boolean } = {}): Wire {
  const inst = ctx.instrument;
  const iceberg = order.orderType === 'LIMIT' && order.displayQty !== null;
  const wire: Wire = {
    ordertype: iceberg ? 'iceberg' : ORDER_TYPE[order.orderType],
    type: order.side === 'BUY' ? 'buy' : 'sell',
    volume: quantityText(order, inst),
  };
  if (options.inBatch !== true) wire['pair'] = ctx.restPair;
  if (iceberg && order.displayQty !== null) wire['displayvol'] = order.displayQty.round(inst.sizePrecision).toString();
  if (order.orderType === 'LIMIT' && order.price !== null) wire['price'] = priceText(order.price, inst);
  if (isTriggered(order) && !isTrailing(order) && order.triggerPrice !== null) {
    wire['price'] = priceText(order.triggerPrice, inst);
    if (order.price !== null && (order.orderType === 'STOP_LIMIT' || order.orderType === 'LIMIT_IF_TOUCHED'))
      wire['price2'] = priceText(order.price, inst);
  }
  if (isTrailing(order) && order.trailingOffset !== null) {
    const t = offsetOf(order, order.trailingOffset, inst);
    wire['price'] = `+${t.value}${t.type === 'pct' ? '%' : ''}`;
    if (order.orderType === 'TRAILING_STOP_LIMIT' && order.limitOffset !== null) {
      const l = offsetOf(order, order.limitOffset, inst);
      wire['price2'] = `${limitOffsetSign(order)}${l.value}${l.type === 'pct' ? '%' : ''}`;
    }
  }
  if (isTriggered(order)) wire['trigger'] = triggerReference(order);
  if (ctx.leverage !== null) wire['leverage'] = `${ctx.leverage}:1`;
  if (ctx.margin && order.reduceOnly) wire['reduce_only'] = true;
  const oflags = [...(order.postOnly ? ['post'] : []), ...(order.quoteQuantity ? ['viqc'] : [])];
  if (oflags.length > 0) wire['oflags'] = oflags.join(',');
  if (order.orderType !== 'MARKET') wire['timeinforce'] = order.timeInForce;
  if (order.timeInForce === 'GTD') wire['expiretm'] = expireSeconds(order).toString();
  wire['cl_ord_id'] = ctx.clOrdId;
  return wire;
}

/** WS v2 `add_order` params (without `symbol` for a `batch_add` entry, without `token`). */
export function encodeWsOrder(order: Order, ctx: SpotEncodingContext, options: { readonly inBatch?: boolean } = {}): Wire {
  const inst = ctx.instrument;
  const iceberg = order.orderType === 'LIMIT' && order.displayQty !== null;
  const wire: Wire = {
    order_type: iceberg ? 'iceberg' : ORDER_TYPE[order.orderType],
    side: order.side === 'BUY' ? 'buy' : 'sell',
  };
  // A quote quantity travels as cash_order_qty alone (the venue sizes the order from it).
  if (order.quoteQuantity) wire['cash_order_qty'] = quantityText(order, inst);
  else wire['order_qty'] = quantityText(order, inst);
  if (options.inBatch !== true) wire['symbol'] = ctx.wsSymbol;
  if (order.price !== null && (order.orderType === 'LIMIT' || order.orderType === 'STOP_LIMIT' || order.orderType === 'LIMIT_IF_TOUCHED'))
    wire['limit_price'] = priceText(order.price, inst);
  if (iceberg && order.displayQty !== null) wire['display_qty'] = order.displayQty.round(inst.sizePrecision).toString();
  if (isTriggered(order) && !isTrailing(order) && order.triggerPrice !== null)
    wire['triggers'] = { reference: triggerReference(order), price: priceText(order.triggerPrice, inst), price_type: 'static' };
  if (isTrailing(order) && order.trailingOffset !== null) {
    const t = offsetOf(order, order.trailingOffset, inst);
    wire['triggers'] = { reference: triggerReference(order), price: t.value, price_type: t.type };
    if (order.orderType === 'TRAILING_STOP_LIMIT' && order.limitOffset !== null) {
      const l = offsetOf(order, order.limitOffset, inst);
      wire['limit_price'] = `${limitOffsetSign(order) === '-' ? '-' : ''}${l.value}`;
      wire['limit_price_type'] = l.type;
    }
  }
  if (order.orderType !== 'MARKET') wire['time_in_force'] = order.timeInForce.toLowerCase();
  if (order.timeInForce === 'GTD') wire['expire_time'] = rfc3339Seconds(expireSeconds(order));
  if (order.postOnly) wire['post_only'] = true;
  if (ctx.margin && order.reduceOnly) wire['reduce_only'] = true;
  wire['cl_ord_id'] = ctx.clOrdId;
  return wire;
}
