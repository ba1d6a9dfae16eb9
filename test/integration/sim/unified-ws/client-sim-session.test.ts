/**
 * Unified WS sessions against the simulator over real sockets: tokens (fresh on each connection,
 * expiry, refresh on reconnect), Kraken's refusals (private channel without a token, a second
 * margin or positions subscription), `snapshot_too_large` handled by resubscribing, a mixed
 * session with the legacy Derivatives REST, and no token in any error or event.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KrakenSpotRawHttpClient } from '../../../../src/kraken/spot/http/raw-client.js';
import { KrakenUnifiedWsClient } from '../../../../src/kraken/unified/uws-client.js';
import { WsConnectionState } from '../../../../src/transport/ws/state-machine.js';
import { assertNoInternalErrors, futuresPrivate, spotPrivate, WsProbe } from '../helpers.js';
import { privateClient, Recorder, startTestSim, type TestSim } from './helpers.js';

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(async () => {
  assertNoInternalErrors(sim);
  await sim.close();
});

const SYMBOL = 'PF_XBTUSD';
const restingBid = () => String(Math.floor(Number(sim.engine.futures.orderbook(SYMBOL).bids[0]!.price) * 0.9));
const token = async () => String((await spotPrivate(sim, 'GetWebSocketsToken')).result.token);

function until(pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (pred()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

describe('Unified WS tokens', () => {
  it('a fresh token on every connection: after the first expired, the reconnect fetches another and the private subscriptions are replayed with it', async () => {
    // Its own venue without a market, so that 16 minutes of venue time cost no market steps.
    const quiet = await startTestSim({ market: false });
    try {
      await tokenRefresh(quiet);
    } finally {
      assertNoInternalErrors(quiet);
      await quiet.close();
    }
  });

  async function tokenRefresh(sim: TestSim): Promise<void> {
    const { client, rec, tokens } = await privateClient(sim, { backoff: { initialMs: 10, maxMs: 50 } });
    try {
      await client.subscribe('executions', { snap_orders: false });
      expect(tokens.issued).toHaveLength(1);
      // The first token is 16 minutes old: the venue no longer accepts it for a new subscription.
      sim.advance(16 * 60_000);
      sim.faults.closeWs('unified', 1006); // drops the client and lets its hold on the token go
      await until(() => client.tokenFetches === 2 && client.state === WsConnectionState.Ready, 'the reconnect');
      const stale = await WsProbe.open(sim.urls.unifiedWsPrivate);
      stale.send({
        method: 'subscribe',
        params: { channel: 'executions', asset_class: 'derivatives', token: tokens.issued[0] },
        req_id: 1,
      });
      expect(await stale.next((m) => m.req_id === 1)).toMatchObject({ success: false, error: 'ESession:Invalid session' });
      stale.close();
      expect(tokens.issued).toHaveLength(2);
      expect(tokens.issued[1]).not.toBe(tokens.issued[0]);
      // The replayed subscription works: an order placed now streams.
      const placed = await client.request('add_order', {
        order_type: 'limit',
        side: 'buy',
        symbol: SYMBOL,
        order_qty: '0.001',
        limit_price: '50000',
      });
      await rec.next((m) => m.channel === 'executions' && m.data.some((r: any) => r.order_id === placed.result!.order_id));
      await client.request('cancel_all', {});
    } finally {
      await client.close();
    }
  }

  it('a private subscribe or a trading request without a token fails as Kraken says; a private channel on the public endpoint is refused', async () => {
    const priv = await WsProbe.open(sim.urls.unifiedWsPrivate);
    const pub = await WsProbe.open(sim.urls.unifiedWsPublic);
    try {
      priv.send({ method: 'subscribe', params: { channel: 'positions', asset_class: 'derivatives' }, req_id: 1 });
      expect(await priv.next((m) => m.req_id === 1)).toMatchObject({
        method: 'subscribe',
        success: false,
        error: 'ESession:Invalid session',
      });
      priv.send({
        method: 'add_order',
        params: { asset_class: 'derivatives', order_type: 'market', side: 'buy', order_qty: 1, symbol: SYMBOL },
        req_id: 2,
      });
      expect(await priv.next((m) => m.req_id === 2)).toMatchObject({
        method: 'add_order',
        success: false,
        error: 'ESession:Invalid session',
      });
      pub.send({ method: 'subscribe', params: { channel: 'margin', asset_class: 'derivatives', token: await token() }, req_id: 3 });
      expect(await pub.next((m) => m.req_id === 3)).toMatchObject({ success: false, error: 'EGeneral:Permission denied' });
      // The client refuses before sending: no token provider, no private channel.
      const bare = new KrakenUnifiedWsClient({ url: sim.urls.unifiedWsPrivate });
      await bare.connect();
      await expect(bare.subscribe('executions', {})).rejects.toThrow(/needs a token/);
      await expect(bare.request('cancel_all', {})).rejects.toThrow(/no tokenProvider/);
      await bare.close();
    } finally {
      priv.close();
      pub.close();
    }
  });

  it('a second margin or positions subscription on one connection is refused with the documented text; margin refuses snapshot', async () => {
    const ws = await WsProbe.open(sim.urls.unifiedWsPrivate);
    try {
      const t = await token();
      ws.send({ method: 'subscribe', params: { channel: 'margin', asset_class: 'derivatives', token: t }, req_id: 1 });
      expect(await ws.next((m) => m.req_id === 1)).toMatchObject({ success: true });
      ws.send({ method: 'subscribe', params: { channel: 'margin', asset_class: 'derivatives', token: t }, req_id: 2 });
      expect(await ws.next((m) => m.req_id === 2)).toMatchObject({ success: false, error: 'Already subscribed to margin channel' });
      ws.send({ method: 'subscribe', params: { channel: 'positions', asset_class: 'derivatives', token: t }, req_id: 3 });
      expect(await ws.next((m) => m.req_id === 3)).toMatchObject({ success: true });
      ws.send({
        method: 'subscribe',
        params: { channel: 'positions', asset_class: 'derivatives', token: t, with_margin: true },
        req_id: 4,
      });
      expect(await ws.next((m) => m.req_id === 4)).toMatchObject({ success: false, error: 'Already subscribed to positions channel' });
      const other = await WsProbe.open(sim.urls.unifiedWsPrivate);
      other.send({ method: 'subscribe', params: { channel: 'margin', asset_class: 'derivatives', token: t, snapshot: true }, req_id: 5 });
      expect(await other.next((m) => m.req_id === 5)).toMatchObject({
        success: false,
        error: "'params.snapshot' is not valid for the margin channel",
      });
      other.send({ method: 'subscribe', params: { channel: 'margin', asset_class: 'derivatives', token: t }, req_id: 6 });
      expect(await other.next((m) => m.req_id === 6)).toMatchObject({ success: true }); // one per connection, not per account
      other.close();
    } finally {
      ws.close();
    }
  });
});

describe('Unified WS positions snapshot_too_large', () => {
  it('the client is told, passes no empty positions on, resubscribes, and gets the full snapshot', async () => {
    const { client, rec } = await privateClient(sim);
    try {
      await client.request('add_order', { order_type: 'market', side: 'buy', symbol: SYMBOL, order_qty: '0.002' });
      sim.setUnifiedWsMaxMessageBytes(64); // no positions snapshot fits
      let told = 0;
      client.on('snapshotTooLarge', () => {
        told += 1;
        sim.setUnifiedWsMaxMessageBytes(16 * 1024 * 1024); // before the client's resubscribe reaches the venue
      });
      await client.subscribe('positions', {});
      const snap = await rec.next((m) => m.channel === 'positions' && m.type === 'snapshot');
      expect(told).toBe(1);
      expect(snap.data.status).toBeUndefined();
      expect(snap.data.futures.some((p: any) => p.symbol === SYMBOL)).toBe(true);
      expect(rec.frames.filter((m) => m.channel === 'positions')).toHaveLength(1);
      await client.request('add_order', { order_type: 'market', side: 'sell', symbol: SYMBOL, order_qty: '0.002', reduce_only: true });
    } finally {
      sim.setUnifiedWsMaxMessageBytes(16 * 1024 * 1024);
      await client.close();
    }
  });
});

describe('Unified WS and the legacy Derivatives REST on one venue', () => {
  it('an order placed over UWS, amended over the legacy REST, cancelled over UWS: every event once', async () => {
    const { client, rec } = await privateClient(sim);
    try {
      await client.subscribe('executions', { snap_orders: false });
      const price = restingBid();
      const placed = await client.request('add_order', {
        order_type: 'limit',
        side: 'buy',
        symbol: SYMBOL,
        order_qty: '0.0010',
        limit_price: price,
      });
      const orderId = placed.result!.order_id;
      const open = await futuresPrivate(sim, 'GET', '/derivatives/api/v3/openorders');
      expect(open.body.openOrders.map((o: any) => o.order_id)).toContain(orderId);
      const newPrice = String(Number(price) - 5);
      const edit = await futuresPrivate(sim, 'POST', '/derivatives/api/v3/editorder', { orderId, limitPrice: newPrice });
      expect(edit.body.editStatus.status).toBe('edited');
      const amended = await rec.next(
        (m) => m.channel === 'executions' && m.data.some((r: any) => r.order_id === orderId && r.exec_type === 'amended'),
      );
      expect(amended.data[0].limit_price).toBe(newPrice);
      const cancelled = await client.request('cancel_order', { order_id: [orderId] });
      expect(cancelled[0]!.success).toBe(true);
      await rec.next((m) => m.channel === 'executions' && m.data.some((r: any) => r.order_id === orderId && r.exec_type === 'canceled'));
      // A last round trip, so that any duplicate would have arrived before the count.
      await client.request('cancel_all_orders_after', { timeout: 0 });
      expect(rec.executionsOf(orderId).map((r) => r.exec_type)).toEqual(['new', 'amended', 'canceled']);
      const after = await futuresPrivate(sim, 'GET', '/derivatives/api/v3/openorders');
      expect(after.body.openOrders.map((o: any) => o.order_id)).not.toContain(orderId);
    } finally {
      await client.close();
    }
  });
});

describe('Unified WS secrets', () => {
  // Its own simulator: the REST client's nonces for this key run ahead of the file's signed helper
  // calls, and would refuse them in any test that ran after this one on a shared venue.
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    assertNoInternalErrors(sim);
    await sim.close();
  });

  it('a venue error quoting the token: redacted from the rejection, every event, inspect and JSON', async () => {
    const rest = new KrakenSpotRawHttpClient({ baseUrl: sim.urls.spotRest, ...sim.credentials.spot, nonceStateDir: false });
    const issued: string[] = [];
    const client = new KrakenUnifiedWsClient({
      url: sim.urls.unifiedWsPrivate,
      tokenProvider: async () => {
        const t = (await rest.getWebSocketsToken()).token;
        issued.push(t);
        return t;
      },
    });
    const events: unknown[] = [];
    client.on('response', (r) => events.push(r));
    client.on('error', (e) => events.push(e));
    const rec = new Recorder(client);
    await client.connect();
    try {
      const t = issued[0]!;
      sim.faults.add({ kind: 'venue-error', path: 'add_order', error: `EGeneral:Invalid arguments:token ${t}` });
      const err = await client
        .request('add_order', { order_type: 'market', side: 'buy', symbol: SYMBOL, order_qty: '1' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      // An encoder refusal (bad params) must not carry the token either.
      const bad = await client
        .request('add_order', { order_type: 'limit', side: 'buy', symbol: SYMBOL, order_qty: 'lots' } as never)
        .catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(Error);
      const said = [err, bad, ...events, ...rec.errors, client]
        .map((x) => `${inspect(x, { depth: 8 })}\n${JSON.stringify(x)}\n${String((x as Error).stack)}`)
        .join('\n');
      expect(said).toContain('[redacted]');
      expect(said).not.toContain(t);
    } finally {
      await client.close();
    }
  });
});
