/**
 * The Futures golden table (fixtures/futures/orders/order-encoding.json): each order intent gives
 * exactly the sendorder body in the table (the text the raw client signs and sends), a batch gives
 * exactly the `json` text, and each denial is refused by the pre-send check with its reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseFuturesInstrument,
  type FuturesInstrumentInfo,
  type FuturesWireInstrument,
} from '../../../../src/adapter/instruments/futures-instruments.js';
import { encodeFuturesEdit, encodeFuturesOrder } from '../../../../src/adapter/execution/futures/futures-order-encoding.js';
import { futuresSupports } from '../../../../src/adapter/execution/futures/futures-support.js';
import { encodeBatchOrderJson, encodeFuturesForm } from '../../../../src/kraken/futures/http/wire-encoding.js';
import { ClientOrderId, InstrumentId, StrategyId, VenueOrderId } from '../../../../src/model/identifiers.js';
import { OrderAccepted, OrderSubmitted } from '../../../../src/model/order-events.js';
import { Order } from '../../../../src/model/order.js';
import { Decimal, Price, Quantity } from '../../../../src/model/values.js';

interface Intent {
  readonly instrument: string;
  readonly clientOrderId: string;
  readonly side: 'BUY' | 'SELL';
  readonly orderType: string;
  readonly quantity: string;
  readonly price?: string;
  readonly triggerPrice?: string;
  readonly triggerType?: string;
  readonly timeInForce?: string;
  readonly expireTime?: string;
  readonly postOnly?: boolean;
  readonly reduceOnly?: boolean;
  readonly quoteQuantity?: boolean;
  readonly displayQty?: string;
  readonly trailingOffset?: string;
  readonly trailingOffsetType?: string;
  readonly limitOffset?: string;
  readonly params?: Record<string, number>;
}

const table = JSON.parse(readFileSync(new URL('../../../../fixtures/futures/orders/order-encoding.json', import.meta.url), 'utf8')) as {
  instruments: FuturesWireInstrument[];
  orders: { name: string; intent: Intent; body: string }[];
  batch: { intents: string[]; json: string };
  denials: { name: string; intent: Intent; reason: string }[];
};

const infos = new Map<string, FuturesInstrumentInfo>(table.instruments.map((w) => [w.symbol, parseFuturesInstrument(w, new Map(), 0n)]));

function orderOf(i: Intent): Order {
  return Order.create({
    strategyId: new StrategyId('S-001'),
    instrumentId: InstrumentId.fromStr(`${i.instrument}.KRAKEN`),
    clientOrderId: new ClientOrderId(i.clientOrderId),
    side: i.side,
    orderType: i.orderType as never,
    quantity: Quantity.fromStr(i.quantity),
    timeInForce: (i.timeInForce ?? 'GTC') as never,
    price: i.price === undefined ? null : Price.fromStr(i.price),
    triggerPrice: i.triggerPrice === undefined ? null : Price.fromStr(i.triggerPrice),
    ...(i.triggerType === undefined ? {} : { triggerType: i.triggerType as never }),
    ...(i.expireTime === undefined ? {} : { expireTime: BigInt(i.expireTime) }),
    postOnly: i.postOnly ?? false,
    reduceOnly: i.reduceOnly ?? false,
    quoteQuantity: i.quoteQuantity ?? false,
    displayQty: i.displayQty === undefined ? null : Quantity.fromStr(i.displayQty),
    trailingOffset: i.trailingOffset === undefined ? null : Decimal.fromStr(i.trailingOffset),
    ...(i.trailingOffsetType === undefined ? {} : { trailingOffsetType: i.trailingOffsetType as never }),
    limitOffset: i.limitOffset === undefined ? null : Decimal.fromStr(i.limitOffset),
    params: i.params ?? {},
    tsEvent: 0n,
    tsInit: 0n,
  });
}

const info = (i: Intent): FuturesInstrumentInfo => infos.get(i.instrument) as FuturesInstrumentInfo;

describe('Futures order encoding: the golden table', () => {
  it('covers every Kraken Futures order type and trigger signal, on PF_ and PI_', () => {
    const bodies = table.orders.map((o) => o.body);
    for (const t of ['lmt', 'post', 'ioc', 'mkt', 'stp', 'take_profit', 'trailing_stop'])
      expect(bodies.some((b) => b.startsWith(`orderType=${t}&`))).toBe(true);
    for (const s of ['mark', 'index', 'last']) expect(bodies.some((b) => b.includes(`triggerSignal=${s}`))).toBe(true);
    expect(bodies.some((b) => b.includes('symbol=PI_'))).toBe(true);
    expect(bodies.every((b) => /&cliOrdId=[^&]+/.test(b))).toBe(true);
  });

  it.each(table.orders.map((o) => [o.name, o] as const))('%s', (_name, o) => {
    const order = orderOf(o.intent);
    expect(futuresSupports(order, info(o.intent))).toEqual({ ok: true });
    expect(encodeFuturesForm({ ...encodeFuturesOrder(order, info(o.intent).instrument) })).toBe(o.body);
  });

  it('a batch carries the same fields, as JSON with number tokens', () => {
    const byId = new Map(table.orders.map((o) => [o.intent.clientOrderId, o.intent]));
    const batchOrder = table.batch.intents.map((id, n) => {
      const intent = byId.get(id) as Intent;
      return { order: 'send', order_tag: String(n), ...encodeFuturesOrder(orderOf(intent), info(intent).instrument) };
    });
    expect(encodeBatchOrderJson({ batchOrder })).toBe(table.batch.json);
  });

  it.each(table.denials.map((d) => [d.name, d] as const))('denies: %s', (_name, d) => {
    const result = futuresSupports(orderOf(d.intent), info(d.intent));
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(d.reason);
    expect(result.ok ? '' : result.reason).toMatch(/^Kraken Futures: /);
  });

  it('the instruments carry the leverage cap of their first margin tier, for the venue-neutral risk engine', () => {
    expect(infos.get('PF_XBTUSD')?.instrument.maxLeverage?.toString()).toBe('50');
    expect(infos.get('PI_XBTUSD')?.instrument.maxLeverage?.toString()).toBe('50');
  });

  it('denies every order on a contract Kraken lists as not tradeable', () => {
    const intent = table.orders[0]!.intent;
    const listed = info(intent);
    expect(futuresSupports(orderOf(intent), { ...listed, venueStatus: 'not_tradeable' })).toEqual({
      ok: false,
      reason: `Kraken Futures: ${listed.instrument.id.toString()} is not tradeable at Kraken (tradeable: false)`,
    });
    expect(futuresSupports(orderOf(intent), { ...listed, venueStatus: 'tradeable' })).toEqual({ ok: true });
  });

  it('denies an instrument it does not know (a Spot pair, or a Futures contract not loaded)', () => {
    const o = orderOf({ ...table.orders[0]!.intent, instrument: 'PF_DOGEUSD' });
    expect(futuresSupports(o, undefined)).toEqual({
      ok: false,
      reason: 'Kraken Futures: PF_DOGEUSD.KRAKEN is not a loaded Futures instrument',
    });
  });

  it('an edit names the order by Kraken id once known, sends the total size (ABSOLUTE) and the prices at the instrument precision', () => {
    const intent = table.orders.find((o) => o.intent.clientOrderId === 'O-pi-stl')!.intent;
    const order = orderOf(intent);
    const pi = info(intent).instrument;
    const change = { quantity: Quantity.fromStr('300'), price: Price.fromStr('65001'), triggerPrice: null };
    expect(encodeFuturesForm({ ...encodeFuturesEdit(order, pi, change) })).toBe(
      'cliOrdId=O-pi-stl&size=300&limitPrice=65001.0&qtyMode=ABSOLUTE',
    );
    const ts = {
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      tsEvent: 1n,
      tsInit: 1n,
    };
    order.apply(new OrderSubmitted(ts));
    order.apply(new OrderAccepted({ ...ts, venueOrderId: new VenueOrderId('c8a35168-8d52-4bb4-9e59-d1cb2a6d3d23') }));
    expect(
      encodeFuturesForm({ ...encodeFuturesEdit(order, pi, { quantity: null, price: null, triggerPrice: Price.fromStr('64999.5') }) }),
    ).toBe('orderId=c8a35168-8d52-4bb4-9e59-d1cb2a6d3d23&stopPrice=64999.5');
  });
});
