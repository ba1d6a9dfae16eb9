/**
 * Golden tests of the generated WS encoders: an outgoing message in, the exact wire text out.
 * Spot WS v2 wants prices and quantities as bare JSON numbers; krakenkit holds them as decimal
 * strings, so the encoder must write `0.00100000`, not `"0.00100000"` and not `0.001`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import * as spot from '../../../generated/spot-ws-v2/encoders.gen.js';
import * as futures from '../../../generated/futures-ws/encoders.gen.js';
import type {
  AddOrderRequest,
  AmendOrderRequest,
  BatchAddRequest,
  CancelOrderRequest,
  SubscribeRequest,
} from '../../../generated/spot-ws-v2/types.gen.js';
import type { SubscribeRequest as FuturesSubscribeRequest } from '../../../generated/futures-ws/types.gen.js';
import { decode, directionOf, listFixtures, minify, repoRoot, titleFor, type Venue } from './ws-fixtures.js';

const TOKEN = 'G38a1tGFzqGiUCmnegBcm8d4nfP3tytiNQz6tkCBYXY';

/** Runs `fn`, expecting a KrakenValidationError; returns its issue paths. */
function refusal(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KrakenValidationError);
    return (err as KrakenValidationError).issues.map((i) => i.path);
  }
  throw new Error('encoder accepted an invalid message');
}

const limitOrder = (): AddOrderRequest => ({
  method: 'add_order',
  params: {
    order_type: 'limit',
    side: 'buy',
    order_qty: '0.00100000',
    symbol: 'BTC/USD',
    limit_price: '105944.20',
    time_in_force: 'gtc',
    post_only: true,
    cl_ord_id: 'krakenkit-0001',
    token: TOKEN,
  },
  req_id: 7,
});

describe('Spot v2 encoders write exact decimals as bare number tokens', () => {
  it('add_order limit: golden wire text', () => {
    expect(spot.encodeAddOrderRequest(limitOrder())).toBe(
      `{"method":"add_order","params":{"order_type":"limit","side":"buy","order_qty":0.00100000,"symbol":"BTC/USD","limit_price":105944.20,"time_in_force":"gtc","post_only":true,"cl_ord_id":"krakenkit-0001","token":"${TOKEN}"},"req_id":7}`,
    );
  });

  it('add_order trailing-stop-limit: nested triggers and conditional prices are bare too', () => {
    const msg: AddOrderRequest = {
      method: 'add_order',
      params: {
        order_type: 'trailing-stop-limit',
        side: 'sell',
        order_qty: '0.5',
        symbol: 'BTC/USD',
        limit_price: '1.50',
        limit_price_type: 'pct',
        triggers: { reference: 'index', price: '2.0', price_type: 'pct' },
        conditional: { order_type: 'limit', limit_price: '110000.0' },
        token: TOKEN,
      },
    };
    expect(spot.encodeAddOrderRequest(msg)).toBe(
      `{"method":"add_order","params":{"order_type":"trailing-stop-limit","side":"sell","order_qty":0.5,"symbol":"BTC/USD","limit_price":1.50,"limit_price_type":"pct","triggers":{"reference":"index","price":2.0,"price_type":"pct"},"conditional":{"order_type":"limit","limit_price":110000.0},"token":"${TOKEN}"}}`,
    );
  });

  it('batch_add: every row of the orders array gets bare decimals', () => {
    const msg: BatchAddRequest = {
      method: 'batch_add',
      params: {
        symbol: 'BTC/USD',
        orders: [
          { order_type: 'limit', side: 'buy', order_qty: '0.00100000', limit_price: '105000.0' },
          { order_type: 'market', side: 'sell', order_qty: '0.00200000', cash_order_qty: '10.00' },
        ],
        token: TOKEN,
      },
      req_id: 3,
    };
    expect(spot.encodeBatchAddRequest(msg)).toBe(
      `{"method":"batch_add","params":{"symbol":"BTC/USD","orders":[{"order_type":"limit","side":"buy","order_qty":0.00100000,"limit_price":105000.0},{"order_type":"market","side":"sell","order_qty":0.00200000,"cash_order_qty":10.00}],"token":"${TOKEN}"},"req_id":3}`,
    );
  });

  it('subscribe: symbol is an array, depth an integer', () => {
    const msg: SubscribeRequest = {
      method: 'subscribe',
      params: { channel: 'book', symbol: ['BTC/USD', 'ETH/USD'], depth: 25 },
      req_id: 1,
    };
    expect(spot.encodeSubscribeRequest(msg)).toBe(
      '{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD","ETH/USD"],"depth":25},"req_id":1}',
    );
  });

  it("does not change the caller's message", () => {
    const msg = limitOrder();
    const before = structuredClone(msg);
    spot.encodeAddOrderRequest(msg);
    expect(msg).toEqual(before);
  });
});

describe('every outgoing fixture re-encodes to its own text (golden round trip)', () => {
  const encoderFor = (venue: Venue, title: string): ((m: unknown) => string) => {
    const table = (venue === 'spot' ? spot : futures) as unknown as Record<string, (m: unknown) => string>;
    const fn = table[`encode${title}`];
    if (!fn) throw new Error(`no encoder for ${title}`);
    return fn;
  };
  for (const venue of ['spot', 'futures'] as const) {
    const sends = listFixtures(path.join(repoRoot, `fixtures/${venue}/ws`)).filter((f) => directionOf(f.file) === 'out');
    it(`${venue}: there are outgoing fixtures`, () => expect(sends.length).toBeGreaterThan(5));
    for (const fx of sends) {
      it(`${venue} ${fx.file}`, () => {
        const payload = decode(fx.text);
        const title = titleFor(venue, 'out', payload);
        expect(title).toBeDefined();
        expect(encoderFor(venue, title!)(payload)).toBe(minify(fx.text));
      });
    }
  }
});

describe('Spot v2 encoders refuse what Kraken would refuse, before it leaves the process', () => {
  const withParams = (patch: Record<string, unknown>): AddOrderRequest => {
    const m = limitOrder();
    return { ...m, params: { ...m.params, ...patch } };
  };

  it('a non-decimal string for a decimal field', () => {
    expect(refusal(() => spot.encodeAddOrderRequest(withParams({ order_qty: 'abc' })))).toEqual(['/params/order_qty']);
    expect(refusal(() => spot.encodeAddOrderRequest(withParams({ limit_price: '1,5' })))).toEqual(['/params/limit_price']);
    expect(refusal(() => spot.encodeAddOrderRequest(withParams({ limit_price: '' })))).toEqual(['/params/limit_price']);
  });

  it('a float for a decimal field (its text is not exact)', () => {
    expect(refusal(() => spot.encodeAddOrderRequest(withParams({ order_qty: 0.001 })))).toEqual(['/params/order_qty']);
  });

  it('the refusal message names the field', () => {
    expect(() => spot.encodeAddOrderRequest(withParams({ order_qty: 'abc' }))).toThrow(/\/params\/order_qty must be a decimal/);
  });

  it('an unknown parameter (Kraken: "Unsupported field")', () => {
    expect(refusal(() => spot.encodeAddOrderRequest(withParams({ leverage: '5' })))).toEqual(['/params']);
    expect(() => spot.encodeAddOrderRequest(withParams({ leverage: '5' }))).toThrow(/leverage/);
  });

  it('upper-case time_in_force (requests are lower-case) and unknown enum values', () => {
    expect(refusal(() => spot.encodeAddOrderRequest(withParams({ time_in_force: 'GTC' })))).toEqual(['/params/time_in_force']);
    expect(refusal(() => spot.encodeAddOrderRequest(withParams({ stp_type: 'cancel-newest' })))).toEqual(['/params/stp_type']);
  });

  it('cl_ord_id together with order_userref (mutually exclusive)', () => {
    expect(refusal(() => spot.encodeAddOrderRequest(withParams({ order_userref: 5 })))).toEqual(['/params']);
  });

  it('a triggered order type without triggers', () => {
    expect(refusal(() => spot.encodeAddOrderRequest(withParams({ order_type: 'stop-loss' })))).toEqual(['/params']);
  });

  it('subscribe with a single symbol string instead of an array, or an undocumented depth', () => {
    const bad1 = { method: 'subscribe', params: { channel: 'book', symbol: 'BTC/USD' } } as unknown as SubscribeRequest;
    expect(() => spot.encodeSubscribeRequest(bad1)).toThrow(KrakenValidationError);
    const bad2 = { method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 15 } } as unknown as SubscribeRequest;
    expect(() => spot.encodeSubscribeRequest(bad2)).toThrow(KrakenValidationError);
    const bad3 = { method: 'subscribe', params: { channel: 'executions' } } as unknown as SubscribeRequest;
    expect(() => spot.encodeSubscribeRequest(bad3)).toThrow(KrakenValidationError);
  });

  it('amend_order needs exactly one id and at least one field to change', () => {
    const both = { method: 'amend_order', params: { order_id: 'O1', cl_ord_id: 'c1', order_qty: '1', token: TOKEN } } as AmendOrderRequest;
    expect(() => spot.encodeAmendOrderRequest(both)).toThrow(KrakenValidationError);
    const none = { method: 'amend_order', params: { order_qty: '1', token: TOKEN } } as AmendOrderRequest;
    expect(() => spot.encodeAmendOrderRequest(none)).toThrow(KrakenValidationError);
    const nothing = {
      method: 'amend_order',
      params: { order_id: 'O1', deadline: '2026-03-02T09:15:12.000Z', token: TOKEN },
    } as AmendOrderRequest;
    expect(() => spot.encodeAmendOrderRequest(nothing)).toThrow(KrakenValidationError);
    const ok = { method: 'amend_order', params: { order_id: 'O1', limit_price: '105000.10', token: TOKEN } } as AmendOrderRequest;
    expect(spot.encodeAmendOrderRequest(ok)).toBe(
      `{"method":"amend_order","params":{"order_id":"O1","limit_price":105000.10,"token":"${TOKEN}"}}`,
    );
  });

  it("cancel_order needs a selector; batch_add 2 to 15 orders; dead man's switch below 86400 s", () => {
    const noSelector = { method: 'cancel_order', params: { token: TOKEN } } as CancelOrderRequest;
    expect(() => spot.encodeCancelOrderRequest(noSelector)).toThrow(KrakenValidationError);
    const one = {
      method: 'batch_add',
      params: { symbol: 'BTC/USD', orders: [{ order_type: 'market', side: 'buy', order_qty: '1' }], token: TOKEN },
    } as unknown as BatchAddRequest;
    expect(refusal(() => spot.encodeBatchAddRequest(one))).toEqual(['/params/orders']);
    expect(() =>
      spot.encodeCancelAllOrdersAfterRequest({ method: 'cancel_all_orders_after', params: { timeout: 86400, token: TOKEN } }),
    ).toThrow(KrakenValidationError);
  });
});

describe('Futures encoders', () => {
  const auth = {
    api_key: 'CMl2SeSn09Tz+2tWuzPiPUjaXEQRGq6qv5UaexXuQ3SnahDQU/gO3aT+',
    original_challenge: 'c100b894-1729-464d-ace1-52dbce11db42',
    signed_challenge: '4JEpF3ix66GA2B+ooK128Ift4XQVtc137N9yeg4Kqsn9PI0Kpzbysl9M1IeCEdjg0zl00wkVqcsnG4bmnlMb3A==',
  };

  it('challenge and public/private subscribe: golden wire text', () => {
    expect(futures.encodeChallengeRequest({ event: 'challenge', api_key: auth.api_key })).toBe(
      `{"event":"challenge","api_key":"${auth.api_key}"}`,
    );
    expect(futures.encodeSubscribeRequest({ event: 'subscribe', feed: 'book', product_ids: ['PI_XBTUSD'] })).toBe(
      '{"event":"subscribe","feed":"book","product_ids":["PI_XBTUSD"]}',
    );
    expect(futures.encodeSubscribeRequest({ event: 'subscribe', feed: 'open_orders', ...auth })).toBe(
      `{"event":"subscribe","feed":"open_orders","api_key":"${auth.api_key}","original_challenge":"${auth.original_challenge}","signed_challenge":"${auth.signed_challenge}"}`,
    );
  });

  it('a private feed without the signed challenge, or a public feed without product_ids, is refused', () => {
    const noSig = {
      event: 'subscribe',
      feed: 'fills',
      api_key: auth.api_key,
      original_challenge: auth.original_challenge,
    } as unknown as FuturesSubscribeRequest;
    expect(() => futures.encodeSubscribeRequest(noSig)).toThrow(KrakenValidationError);
    const noProducts = { event: 'subscribe', feed: 'ticker' } as unknown as FuturesSubscribeRequest;
    expect(() => futures.encodeSubscribeRequest(noProducts)).toThrow(KrakenValidationError);
    const unknownFeed = { event: 'subscribe', feed: 'orders', product_ids: ['PF_XBTUSD'] } as unknown as FuturesSubscribeRequest;
    expect(() => futures.encodeSubscribeRequest(unknownFeed)).toThrow(KrakenValidationError);
  });
});

describe('generated request types (checked by `npm run typecheck`)', () => {
  it('decimals are strings, request enums are closed, symbol lists are arrays', () => {
    // @ts-expect-error a float is not a decimal: Kraken would get its shortest text, not ours
    const qty: AddOrderRequest['params']['order_qty'] = 0.001;
    // @ts-expect-error requests use lower-case time_in_force
    const tif: AddOrderRequest['params']['time_in_force'] = 'GTC';
    // @ts-expect-error subscribe takes an array of symbols
    const sub: SubscribeRequest = { method: 'subscribe', params: { channel: 'ticker', symbol: 'BTC/USD' } };
    // @ts-expect-error WS stp_type is underscored
    const stp: AddOrderRequest['params']['stp_type'] = 'cancel-newest';
    expect([qty, tif, sub, stp]).toHaveLength(4);
  });
});

describe('the decimal marker cannot be forged from a user string', () => {
  it('a cl_ord_id that imitates the marker stays a string', async () => {
    const { encodeAddOrderRequest } = await import('../../../generated/spot-ws-v2/encoders.gen.js');
    const forged = '\u0000krakenkit-decimal:1';
    const text = encodeAddOrderRequest({
      method: 'add_order',
      params: { order_type: 'limit', side: 'buy', order_qty: '1', symbol: 'BTC/USD', limit_price: '1.0', cl_ord_id: forged, token: 't' },
    } as never);
    const params = (JSON.parse(text) as { params: Record<string, unknown> }).params;
    expect(params['cl_ord_id']).toBe(forged);
    // The real decimals beside it are still written as bare number tokens.
    expect(text).toContain('"order_qty":1,');
    expect(text).toContain('"limit_price":1.0,');
  });
});
