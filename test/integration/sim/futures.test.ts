import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseValidators as futuresValidators } from '../../../generated/futures-rest/validators.gen.js';
import { responseValidators as historyValidators } from '../../../generated/futures-history/validators.gen.js';
import { incomingValidators, type IncomingTitle } from '../../../generated/futures-ws/incoming-validators.gen.js';
import { Decimal } from 'decimal.js';
import { futuresSignChallenge } from '../../../src/transport/signing.js';
import type { Validator } from '../../../src/transport/validation.js';
import { futuresPrivate, futuresPublic, startTestSim, validationErrors, WsProbe, type TestSim } from './helpers.js';

const fv = (op: string) => (futuresValidators as Record<string, Validator>)[op];
const hv = (op: string) => (historyValidators as Record<string, Validator>)[op];
const wv = (title: IncomingTitle) => incomingValidators[title];

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(async () => sim.close());

describe('Futures REST public market data', () => {
  for (const [op, path] of [
    ['instruments', '/derivatives/api/v3/instruments'],
    ['instrumentsStatus', '/derivatives/api/v3/instruments/status'],
    ['tickers', '/derivatives/api/v3/tickers'],
    ['ticker', '/derivatives/api/v3/tickers/PF_XBTUSD'],
    ['orderbook', '/derivatives/api/v3/orderbook?symbol=PF_XBTUSD'],
    ['history', '/derivatives/api/v3/history?symbol=PF_XBTUSD'],
    ['historicalfundingrates', '/derivatives/api/v3/historical-funding-rates?symbol=PF_XBTUSD'],
  ] as const) {
    it(op, async () => {
      const body = await futuresPublic(sim, path);
      expect(body.result).toBe('success');
      expect(validationErrors(fv(op), body)).toEqual([]);
    });
  }

  it('a missing symbol is requiredArgumentMissing; charts answer without an envelope', async () => {
    expect((await futuresPublic(sim, '/derivatives/api/v3/orderbook')).error).toBe('requiredArgumentMissing');
    expect(await futuresPublic(sim, '/api/charts/v1/')).toEqual(['spot', 'mark', 'trade']);
    const candles = await futuresPublic(sim, '/api/charts/v1/trade/PF_XBTUSD/1m');
    expect(Array.isArray(candles.candles)).toBe(true);
    expect(typeof candles.more_candles).toBe('boolean');
  });
});

describe('Futures REST auth', () => {
  it('unknown key and bad Authent → authenticationError', async () => {
    expect((await futuresPrivate(sim, 'GET', '/derivatives/api/v3/accounts', {}, { apiKey: 'nope' })).body.error).toBe(
      'authenticationError',
    );
    expect((await futuresPrivate(sim, 'GET', '/derivatives/api/v3/accounts', {}, { badSign: true })).body.error).toBe(
      'authenticationError',
    );
  });

  it('nonces: repeat → nonceDuplicate, lower → nonceBelowThreshold', async () => {
    // A simulator of its own: the key's nonce floor this test raises to 9e18 is nobody else's.
    const own = await startTestSim();
    try {
      const r = await futuresPrivate(own, 'GET', '/derivatives/api/v3/openorders', {}, { nonce: '9000000000000000000' });
      expect(r.body.result).toBe('success');
      expect((await futuresPrivate(own, 'GET', '/derivatives/api/v3/openorders', {}, { nonce: '9000000000000000000' })).body.error).toBe(
        'nonceDuplicate',
      );
      expect((await futuresPrivate(own, 'GET', '/derivatives/api/v3/openorders', {}, { nonce: '8000000000000000000' })).body.error).toBe(
        'nonceBelowThreshold',
      );
    } finally {
      await own.close();
    }
  });
});

describe('Futures REST trading and account', () => {
  const call = (method: 'GET' | 'POST' | 'PUT', path: string, params: Record<string, string> = {}) =>
    futuresPrivate(sim, method, path, params);

  it('sendorder → openorders → editorder → orders/status → cancelorder; result success carries the venue status', async () => {
    const send = await call('POST', '/derivatives/api/v3/sendorder', {
      orderType: 'lmt',
      symbol: 'PF_XBTUSD',
      side: 'buy',
      size: '0.01',
      limitPrice: '30000',
      cliOrdId: 'fut-1',
    });
    expect(validationErrors(fv('sendorder'), send.body)).toEqual([]);
    expect(send.body.sendStatus.status).toBe('placed');
    const orderId = send.body.sendStatus.order_id;
    const open = await call('GET', '/derivatives/api/v3/openorders');
    expect(validationErrors(fv('openorders'), open.body)).toEqual([]);
    expect(open.body.openOrders.map((o: { order_id: string }) => o.order_id)).toContain(orderId);
    const edit = await call('POST', '/derivatives/api/v3/editorder', { orderId, limitPrice: '30001' });
    expect(validationErrors(fv('editorder'), edit.body)).toEqual([]);
    expect(edit.body.editStatus.status).toBe('edited');
    const status = await call('POST', '/derivatives/api/v3/orders/status', { orderIds: orderId });
    expect(validationErrors(fv('ordersStatus'), status.body)).toEqual([]);
    const cancel = await call('POST', '/derivatives/api/v3/cancelorder', { order_id: orderId });
    expect(validationErrors(fv('cancelorder'), cancel.body)).toEqual([]);
    expect(cancel.body.cancelStatus.status).toBe('cancelled');
  });

  it('requests are checked against the schema: unknown field → invalidArgument, missing → requiredArgumentMissing', async () => {
    expect(
      (
        await call('POST', '/derivatives/api/v3/sendorder', {
          orderType: 'lmt',
          symbol: 'PF_XBTUSD',
          side: 'buy',
          size: '0.01',
          limitPrice: '1',
          bogus: '1',
        })
      ).body.error,
    ).toBe('invalidArgument');
    expect(
      (await call('POST', '/derivatives/api/v3/sendorder', { orderType: 'lmt', side: 'buy', size: '0.01', limitPrice: '1' })).body.error,
    ).toBe('requiredArgumentMissing');
    expect(
      (await call('POST', '/derivatives/api/v3/sendorder', { orderType: 'nope', symbol: 'PF_XBTUSD', side: 'buy', size: '0.01' })).body
        .error,
    ).toBe('invalidArgument');
  });

  it('a venue reject is result: success with the reason in sendStatus.status', async () => {
    const r = await call('POST', '/derivatives/api/v3/sendorder', {
      orderType: 'lmt',
      symbol: 'PF_XBTUSD',
      side: 'buy',
      size: '900',
      limitPrice: '60000',
    });
    expect(r.body.result).toBe('success');
    expect(r.body.sendStatus.status).toBe('insufficientAvailableFunds');
  });

  it('market order fills; fills, openpositions, accounts, batchorder, cancelallorders(after) validate', async () => {
    const mkt = await call('POST', '/derivatives/api/v3/sendorder', { orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'buy', size: '0.01' });
    expect(mkt.body.sendStatus.status).toBe('placed');
    for (const [op, path] of [
      ['fills', '/derivatives/api/v3/fills'],
      ['openpositions', '/derivatives/api/v3/openpositions'],
      ['accounts', '/derivatives/api/v3/accounts'],
    ] as const) {
      const r = await call('GET', path);
      expect(r.body.result, op).toBe('success');
      expect(validationErrors(fv(op), r.body), op).toEqual([]);
    }
    const json = JSON.stringify({
      batchOrder: [
        { order: 'send', order_tag: '1', orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: 0.01, limitPrice: 20000 },
        { order: 'send', order_tag: '2', orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: 0.01, limitPrice: 20001 },
      ],
    });
    const batch = await call('POST', '/derivatives/api/v3/batchorder', { json });
    expect(validationErrors(fv('batchorder'), batch.body)).toEqual([]);
    expect(batch.body.batchStatus.map((b: { order_tag: string }) => b.order_tag)).toEqual(['1', '2']);
    const all = await call('POST', '/derivatives/api/v3/cancelallorders', { symbol: 'PF_XBTUSD' });
    expect(validationErrors(fv('cancelallorders'), all.body)).toEqual([]);
    expect(all.body.cancelStatus.cancelledOrders.length).toBeGreaterThanOrEqual(2);
    const dms = await call('POST', '/derivatives/api/v3/cancelallordersafter', { timeout: '60' });
    expect(validationErrors(fv('cancelallordersafter'), dms.body)).toEqual([]);
  });

  it('leverage preferences: PUT isolated max leverage, GET lists it, PUT without maxLeverage returns to cross', async () => {
    // PUT takes query params, as Kraken's leveragepreferences does; the signed postData is the query string.
    const put = (params: Record<string, string>) => futuresPrivate(sim, 'PUT', '/derivatives/api/v3/leveragepreferences', params);
    expect((await put({ symbol: 'PF_XBTUSD', maxLeverage: '5' })).body.result).toBe('success');
    const got = await call('GET', '/derivatives/api/v3/leveragepreferences');
    expect(validationErrors(fv('getLeveragePreferences'), got.body)).toEqual([]);
    expect(got.body.leveragePreferences).toEqual([{ symbol: 'PF_XBTUSD', maxLeverage: 5 }]);
    await put({ symbol: 'PF_XBTUSD' });
    expect((await call('GET', '/derivatives/api/v3/leveragepreferences')).body.leveragePreferences).toEqual([]);
  });

  it('history API: orders, executions, positions and the account log (path signed as-is)', async () => {
    // The history this test reads is its own: a filled market order (an order event, an execution,
    // a position change and account-log entries), whatever the other tests did before or after.
    const mkt = await call('POST', '/derivatives/api/v3/sendorder', { orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'sell', size: '0.01' });
    expect(mkt.body.sendStatus.status).toBe('placed');
    for (const op of ['orders', 'executions', 'positions'] as const) {
      const r = await call('GET', `/api/history/v3/${op}`);
      expect(r.status).toBe(200);
      expect(validationErrors(hv(op), r.body), op).toEqual([]);
      expect(r.body.elements.length, op).toBeGreaterThan(0);
    }
    const log = await call('GET', '/api/history/v3/account-log');
    expect(log.status).toBe(200);
    expect(validationErrors(hv('accountLog'), log.body)).toEqual([]);
    expect(log.body.logs.length).toBeGreaterThan(0);
    // no data behind mark-price history in the simulator: 404, never a fake empty history
    expect((await call('GET', '/api/history/v3/market/PF_XBTUSD/price')).status).toBe(404);
    const bad = await futuresPrivate(sim, 'GET', '/api/history/v3/orders', {}, { apiKey: 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.body.status).toBe('UNAUTHORIZED');
  });
});

describe('Futures WS v1', () => {
  it('info greeting, book snapshot + contiguous seq deltas, ticker with mark/index/funding, trade', async () => {
    const ws = await WsProbe.open(sim.urls.futuresWs);
    expect(await ws.next((m) => m.event === 'info')).toEqual({ event: 'info', version: 1 });
    ws.send({ event: 'subscribe', feed: 'book', product_ids: ['PF_XBTUSD'] });
    ws.send({ event: 'subscribe', feed: 'ticker', product_ids: ['PI_XBTUSD'] });
    ws.send({ event: 'subscribe', feed: 'trade', product_ids: ['PF_XBTUSD'] });
    expect(await ws.next((m) => m.event === 'subscribed' && m.feed === 'book')).toMatchObject({ product_ids: ['PF_XBTUSD'] });
    const snap = await ws.next((m) => m.feed === 'book_snapshot');
    expect(validationErrors(wv('BookSnapshot'), snap)).toEqual([]);
    const ticker = await ws.next((m) => m.feed === 'ticker' && m.event === undefined);
    expect(validationErrors(wv('TickerMessage'), ticker)).toEqual([]);
    // Exact decimals (decoded losslessly), near the simulated XBT/USD index, and the mark within
    // the ±0.5 % clamp around the index that the simulator applies (engine README, futures).
    const mark = String(ticker.markPrice);
    const index = String(ticker.index);
    expect(mark).toMatch(/^\d+(\.\d+)?$/);
    expect(index).toMatch(/^\d+(\.\d+)?$/);
    expect(new Decimal(index).gt(1000) && new Decimal(index).lt(1_000_000)).toBe(true);
    expect(new Decimal(mark).minus(index).abs().lte(new Decimal(index).times('0.005'))).toBe(true);
    await ws.next((m) => m.feed === 'trade_snapshot');
    for (let i = 0; i < 3; i++) sim.advance(1000);
    await ws.next((m) => m.feed === 'book' && m.event === undefined);
    const seqs = ws.frames.filter((m) => m.event === undefined && (m.feed === 'book' || m.feed === 'book_snapshot')).map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
    for (const d of ws.frames.filter((m) => m.feed === 'book' && m.event === undefined))
      expect(validationErrors(wv('BookDelta'), d)).toEqual([]);
    ws.close();
  });

  it('invalid product/feed errors; private feeds need a valid signed challenge', async () => {
    const ws = await WsProbe.open(sim.urls.futuresWs);
    ws.send({ event: 'subscribe', feed: 'book', product_ids: ['NOPE'] });
    expect(await ws.next((m) => m.event === 'error')).toEqual({ event: 'error', message: 'Invalid product id' });
    const key = sim.credentials.futures.apiKey;
    ws.send({ event: 'challenge', api_key: key });
    const ch = await ws.next((m) => m.event === 'challenge');
    ws.send({ event: 'subscribe', feed: 'open_orders', api_key: key, original_challenge: ch.message, signed_challenge: 'bad' });
    expect(await ws.nextNew((m) => m.event === 'error')).toEqual({ event: 'error', message: 'Json Error' });
    const signed = futuresSignChallenge(ch.message, sim.credentials.futures.apiSecret);
    for (const feed of ['open_orders', 'fills', 'open_positions', 'balances', 'notifications_auth']) {
      ws.send({ event: 'subscribe', feed, api_key: key, original_challenge: ch.message, signed_challenge: signed });
    }
    const orders = await ws.next((m) => m.feed === 'open_orders_snapshot');
    expect(validationErrors(wv('OpenOrdersSnapshot'), orders)).toEqual([]);
    expect(validationErrors(wv('FillsSnapshot'), await ws.next((m) => m.feed === 'fills_snapshot'))).toEqual([]);
    expect(
      validationErrors(wv('OpenPositionsMessage'), await ws.next((m) => m.feed === 'open_positions' && m.event === undefined)),
    ).toEqual([]);
    expect(validationErrors(wv('BalancesSnapshot'), await ws.next((m) => m.feed === 'balances_snapshot'))).toEqual([]);
    expect(
      validationErrors(wv('NotificationsMessage'), await ws.next((m) => m.feed === 'notifications_auth' && m.event === undefined)),
    ).toEqual([]);
    // an order placed over REST streams on open_orders
    const r = await futuresPrivate(sim, 'POST', '/derivatives/api/v3/sendorder', {
      orderType: 'lmt',
      symbol: 'PF_XBTUSD',
      side: 'sell',
      size: '0.01',
      limitPrice: '99000',
    });
    const delta = await ws.next(
      (m) => m.feed === 'open_orders' && m.event === undefined && m.order?.order_id === r.body.sendStatus.order_id,
    );
    expect(validationErrors(wv('OpenOrdersDelta'), delta)).toEqual([]);
    expect(delta.is_cancel).toBe(false);
    // a market fill streams on fills and open_positions
    await futuresPrivate(sim, 'POST', '/derivatives/api/v3/sendorder', {
      orderType: 'mkt',
      symbol: 'PF_XBTUSD',
      side: 'buy',
      size: '0.01',
    });
    const fills = await ws.next((m) => m.feed === 'fills' && m.event === undefined);
    expect(validationErrors(wv('FillsDelta'), fills)).toEqual([]);
    ws.close();
  });
});
