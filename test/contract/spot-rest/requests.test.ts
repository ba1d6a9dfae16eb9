/**
 * Request schemas are strict (unknown params and values rejected before anything is signed),
 * and cover every AddOrder parameter Kraken's docs list.
 */
import { describe, expect, it } from 'vitest';
import { requestValidators } from '../../../generated/spot-rest/validators.gen.js';
import { issuesOf } from '../../../src/transport/validation.js';

// A nanosecond nonce is past 2^53: it travels as digit text, never as a JS number.
const NONCE = '1700000000123456789';

const everyAddOrderParam = {
  nonce: NONCE,
  otp: '123456',
  userref: -42,
  ordertype: 'trailing-stop-limit',
  type: 'sell',
  volume: '1.25000000',
  displayvol: '0.1',
  pair: 'XBTUSD',
  asset_class: 'tokenized_asset',
  price: '+50.0',
  price2: '+0',
  trigger: 'index',
  leverage: '5',
  reduce_only: true,
  stptype: 'cancel-both',
  oflags: 'post,fciq,nompp',
  timeinforce: 'GTD',
  starttm: '+5',
  expiretm: '1688752299',
  'close[ordertype]': 'stop-loss-limit',
  'close[price]': '#2%',
  'close[price2]': '-100',
  deadline: '2026-11-24T06:00:00.123Z',
  validate: false,
  broker: 'AA12 N84G DLQ7 5Q2R',
};

function accepts(op: keyof typeof requestValidators, body: unknown): void {
  const validate = requestValidators[op];
  const ok = validate(body);
  expect(ok ? [] : issuesOf(validate)).toEqual([]);
}

function rejects(op: keyof typeof requestValidators, body: unknown, path: string): void {
  const validate = requestValidators[op];
  expect(validate(body)).toBe(false);
  expect(issuesOf(validate).map((i) => i.path)).toContain(path);
}

describe('AddOrder request', () => {
  it('accepts every documented parameter at once', () => {
    accepts('AddOrder', everyAddOrderParam);
  });

  it.each([
    'market',
    'limit',
    'iceberg',
    'stop-loss',
    'take-profit',
    'stop-loss-limit',
    'take-profit-limit',
    'trailing-stop',
    'trailing-stop-limit',
    'settle-position',
  ])('accepts ordertype %s', (ordertype) => accepts('AddOrder', { nonce: NONCE, ordertype, type: 'buy', volume: '0', pair: 'XBTUSD' }));

  it('accepts FOK (2026 docs, newer than Kraken’s spec) and the other time-in-force values', () => {
    for (const timeinforce of ['GTC', 'IOC', 'GTD', 'FOK']) {
      accepts('AddOrder', { nonce: NONCE, ordertype: 'limit', type: 'buy', volume: '1', pair: 'XBTUSD', price: '1', timeinforce });
    }
  });

  it('rejects an unknown parameter, naming it', () => {
    const validate = requestValidators.AddOrder;
    expect(validate({ ...everyAddOrderParam, post_only: true })).toBe(false);
    expect(issuesOf(validate)[0]?.message).toContain("'post_only'");
  });

  it.each([
    ['ordertype', 'stop', '/ordertype'],
    ['type', 'long', '/type'],
    ['trigger', 'mark', '/trigger'],
    ['stptype', 'cancel_newest', '/stptype'], // WS v2 spelling; REST uses hyphens
    ['timeinforce', 'DAY', '/timeinforce'],
    ['oflags', 'post,hidden', '/oflags'],
    ['volume', '1e-5', '/volume'], // exponent text is not a Kraken volume
    ['volume', '-1', '/volume'],
    ['price', '1,5', '/price'],
    ['cl_ord_id', 'this-is-nineteen-ch', '/cl_ord_id'],
    ['userref', 2147483648, '/userref'],
    ['deadline', 'tomorrow', '/deadline'],
    ['nonce', 1700000000123, '/nonce'],
    ['close[ordertype]', 'market', '/close[ordertype]'],
  ])('rejects %s=%j', (key, value, path) => {
    rejects('AddOrder', { ...everyAddOrderParam, [key]: value }, path);
  });

  it('requires pair, type, ordertype, volume and nonce', () => {
    const validate = requestValidators.AddOrder;
    expect(validate({ ordertype: 'market', type: 'buy', volume: '1', pair: 'XBTUSD' })).toBe(false);
    expect(validate.errors?.[0]?.params).toMatchObject({ missingProperty: 'nonce' });
  });

  it('accepts the client order id forms: long UUID, short UUID, ≤18 ASCII chars', () => {
    for (const cl_ord_id of ['6d1b345e-2821-40e2-ad83-4ecb18a06876', '6d1b345e282140e2ad834ecb18a06876', 'grid-leg-0001']) {
      accepts('AddOrder', { nonce: NONCE, ordertype: 'market', type: 'buy', volume: '1', pair: 'XBTUSD', cl_ord_id });
    }
  });
});

describe('batch and other trading requests', () => {
  const leg = { ordertype: 'limit', type: 'buy', volume: '0.1', price: '28300.0' };

  it('AddOrderBatch takes 2..15 legs on one pair, each with an optional nested close', () => {
    accepts('AddOrderBatch', {
      nonce: NONCE,
      pair: 'XBTUSD',
      orders: [
        { ...leg, close: { ordertype: 'stop-loss-limit', price: '27000', price2: '26000' } },
        { ...leg, type: 'sell', timeinforce: 'FOK' },
      ],
      deadline: '2026-11-24T06:00:00Z',
    });
    rejects('AddOrderBatch', { nonce: NONCE, pair: 'XBTUSD', orders: [leg] }, '/orders');
    rejects('AddOrderBatch', { nonce: NONCE, pair: 'XBTUSD', orders: Array.from({ length: 16 }, () => leg) }, '/orders');
    rejects('AddOrderBatch', { nonce: NONCE, pair: 'XBTUSD', orders: [leg, { ...leg, pair: 'ETHUSD' }] }, '/orders/1');
  });

  it('CancelOrderBatch sends plain txid/userref values, as the docs example does (not Kraken’s spec {txid} objects)', () => {
    accepts('CancelOrderBatch', { nonce: NONCE, orders: ['OP5V2Y-RYKVL-ET3V3B', 45326], cl_ord_ids: ['grid-leg-0001'] });
    rejects('CancelOrderBatch', { nonce: NONCE, orders: [{ txid: 'OP5V2Y-RYKVL-ET3V3B' }] }, '/orders/0');
  });

  it('CancelOrder takes a txid or an integer userref; AmendOrder takes relative limit prices', () => {
    accepts('CancelOrder', { nonce: NONCE, txid: 'OP5V2Y-RYKVL-ET3V3B' });
    accepts('CancelOrder', { nonce: NONCE, txid: 45326 });
    accepts('AmendOrder', { nonce: NONCE, cl_ord_id: 'grid-leg-0001', order_qty: '0.5', limit_price: '+0.5%', post_only: true });
    rejects('AmendOrder', { nonce: NONCE, txid: 'X', order_qty: 'half' }, '/order_qty');
  });

  it('CancelAllOrdersAfter timeout must stay below one day', () => {
    accepts('CancelAllOrdersAfter', { nonce: NONCE, timeout: 60 });
    rejects('CancelAllOrdersAfter', { nonce: NONCE, timeout: 86400 }, '/timeout');
  });
});

describe('public query parameters', () => {
  it('OHLC interval is one of Kraken’s minute values; Depth count stays within 1..500', () => {
    accepts('OHLC', { pair: 'XBTUSD', interval: 21600, since: 1688671200 });
    rejects('OHLC', { pair: 'XBTUSD', interval: 7 }, '/interval');
    rejects('Depth', { pair: 'XBTUSD', count: 501 }, '/count');
    rejects('Ticker', { pair: 'XBTUSD', pairs: 'ETHUSD' }, '');
  });
});
