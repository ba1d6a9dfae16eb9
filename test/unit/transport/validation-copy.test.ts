/** The copy a request validator normalises in place, so the caller's object is never changed. */
import { describe, expect, it } from 'vitest';
import { requestValidators } from '../../../generated/spot-rest/validators.gen.js';
import { encodeAddOrderRequest } from '../../../generated/spot-ws-v2/encoders.gen.js';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { copyForValidation, validateOrThrow } from '../../../src/transport/validation.js';

describe('copyForValidation', () => {
  it('copies plain objects and arrays at every level and shares only primitives', () => {
    const params = { pair: 'XBTUSD', n: 5, big: 7n, flag: true, none: null, gone: undefined, orders: [{ volume: 2, tags: ['a'] }] };
    const copy = copyForValidation(params);
    expect(copy).toEqual(params);
    expect(copy).not.toBe(params);
    expect(copy.orders).not.toBe(params.orders);
    expect(copy.orders[0]).not.toBe(params.orders[0]);
    expect(copy.orders[0]!.tags).not.toBe(params.orders[0]!.tags);
    expect(Object.keys(copy)).toEqual(Object.keys(params)); // key order is wire order for form bodies
    expect('gone' in copy).toBe(true);
  });

  it('keeps an own __proto__ key as a property, as structuredClone does', () => {
    const parsed = JSON.parse('{"__proto__":{"polluted":1},"pair":"XBTUSD"}') as Record<string, unknown>;
    const copy = copyForValidation(parsed);
    expect(Object.keys(copy)).toEqual(['__proto__', 'pair']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('clones anything else with structuredClone: class instances become plain copies, functions refuse', () => {
    class Qty {
      constructor(readonly value: number) {}
    }
    const when = new Date(0);
    const copy = copyForValidation({ q: new Qty(2), when });
    expect(copy.q).not.toBeInstanceOf(Qty);
    expect(copy.q).toEqual({ value: 2 });
    expect(copy.when).not.toBe(when);
    expect(copy.when.getTime()).toBe(0);
    expect(() => copyForValidation({ f: () => 1 })).toThrow(/could not be cloned/);
  });

  it('lets a validator normalise decimals on the copy while the caller keeps its numbers, nested included', () => {
    const orders = [
      { ordertype: 'limit', type: 'buy', volume: 2, price: '45000' },
      { ordertype: 'limit', type: 'sell', volume: 3, price: '46000' },
    ];
    const params = { nonce: '0', pair: 'XBTUSD', orders };
    const checked = validateOrThrow(requestValidators.AddOrderBatch, copyForValidation(params), 'AddOrderBatch');
    expect((checked as { orders: { volume: unknown }[] }).orders.map((o) => o.volume)).toEqual(['2', '3']);
    expect(orders.map((o) => o.volume)).toEqual([2, 3]);
  });

  it('the WS encoder writes bare numbers from a copy: the nested params keep their strings; bad input is refused typed', () => {
    const params = { order_type: 'limit', side: 'buy', order_qty: '1.25000000', symbol: 'BTC/USD', limit_price: '45281.5', token: 't' };
    const message = { method: 'add_order', params, req_id: 7 } as const;
    const text = encodeAddOrderRequest(message as never);
    expect(text).toContain('"order_qty":1.25000000');
    expect(text).toContain('"limit_price":45281.5');
    expect(params.order_qty).toBe('1.25000000');
    expect(params.limit_price).toBe('45281.5');
    expect(() => encodeAddOrderRequest({ ...message, params: { ...params, order_qty: 'lots' } } as never)).toThrow(KrakenValidationError);
  });
});
