/**
 * KrakenFuturesWsClient against the simulator's Futures WS server over real sockets: the
 * challenge is signed and checked by a Kraken-faithful server, private and public feeds stream,
 * a refused key or a wrong secret surfaces as a typed error, the venue's close codes reconnect
 * with a fresh challenge and replay every feed, and the reconnect budget opens the circuit.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenApiError, KrakenTransportError, type KrakenError } from '../../../src/core/errors.js';
import { KrakenFuturesWsClient, type KrakenFuturesWsClientOptions } from '../../../src/kraken/futures/ws/futures-ws-client.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { nextEvent, withTimeout } from './loopback-server.js';

let sim: TestSim;
let client: KrakenFuturesWsClient | undefined;
const errors: KrakenError[] = [];

beforeEach(async () => {
  sim = await startTestSim();
  errors.length = 0;
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  await sim.close();
});

function makeClient(options: KrakenFuturesWsClientOptions = {}): KrakenFuturesWsClient {
  client = new KrakenFuturesWsClient({
    url: sim.urls.futuresWs,
    apiKey: sim.credentials.futures.apiKey,
    apiSecret: sim.credentials.futures.apiSecret,
    // Generous real deadlines: nothing here tests a deadline firing.
    wsRequestTimeoutSecs: 30,
    wsIdleTimeoutSecs: 60,
    backoff: { initialMs: 10, multiplier: 2, maxMs: 40 },
    random: () => 0.5,
    ...options,
  });
  client.on('error', (e) => errors.push(e));
  return client;
}

/** Resolves with the first message of `feed` (optionally matching `pred`) the client emits from now on. */
function nextFeed(c: KrakenFuturesWsClient, feed: string, pred: (m: Record<string, unknown>) => boolean = () => true) {
  return withTimeout(
    new Promise<Record<string, unknown>>((resolve) => {
      const on = (m: unknown) => {
        const frame = m as Record<string, unknown>;
        if (frame['feed'] === feed && pred(frame)) {
          c.off('message', on);
          resolve(frame);
        }
      };
      c.on('message', on);
    }),
    10_000,
    `a ${feed} message`,
  );
}

describe('KrakenFuturesWsClient against the simulator', () => {
  it('signs the challenge the simulator issued; private and public feeds stream their snapshots', async () => {
    const c = makeClient();
    await c.connect();
    expect(c.challengesSigned).toBe(1);
    const balances = nextFeed(c, 'balances_snapshot');
    const book = nextFeed(c, 'book_snapshot', (m) => m['product_id'] === 'PF_XBTUSD');
    const ack = await c.subscribe('balances');
    expect(ack).toMatchObject({ event: 'subscribed', feed: 'balances' });
    await c.subscribe('book', { product_ids: ['PF_XBTUSD'] });
    expect((await balances)['feed']).toBe('balances_snapshot');
    const snapshot = await book;
    expect((snapshot['bids'] as unknown[]).length).toBeGreaterThan(0);
    // An order placed at the venue streams on the private feed this client signed for.
    const orders = nextFeed(c, 'open_orders', (m) => (m['order'] as Record<string, unknown> | undefined)?.['cli_ord_id'] === 'sim-ws-1');
    await c.subscribe('open_orders');
    sim.engine.futures.sendOrder(sim.accounts[0]!.id, {
      orderType: 'lmt',
      symbol: 'PF_XBTUSD',
      side: 'buy',
      size: '0.001',
      limitPrice: '1000',
      cliOrdId: 'sim-ws-1',
    });
    expect((await orders)['is_cancel']).toBe(false);
    expect(errors).toEqual([]);
  });

  it('a wrong secret: the simulator refuses the signed challenge and the subscribe rejects with a typed error', async () => {
    const c = makeClient({ apiSecret: Buffer.from('not the secret of this key').toString('base64') });
    await c.connect();
    const err = await c.subscribe('open_orders').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KrakenApiError);
    expect((err as KrakenApiError).codes).toEqual(['Json Error']);
    // Refused, so forgotten: the connection stays up and public feeds still work.
    expect(c.state).toBe('ready');
    await expect(c.subscribe('ticker', { product_ids: ['PF_XBTUSD'] })).resolves.toMatchObject({ event: 'subscribed' });
  });

  it('an unknown API key: the challenge itself is refused (a bare "Json Error"), so the connection never becomes ready', async () => {
    // No reconnect budget: the refusal is reported once instead of being retried.
    const c = makeClient({ apiKey: 'not-a-key-the-simulator-knows', reconnectBudget: { maxAttempts: 0, windowMs: 60_000 } });
    const err = await c.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KrakenTransportError);
    expect((err as KrakenTransportError).message).toContain('circuit open');
    // Kraken answers a challenge for an unknown key with a generic error event, not a challenge.
    expect(errors.map((e) => [e.constructor.name, (e as KrakenApiError).codes])).toEqual([['KrakenApiError', ['Json Error']]]);
    expect(c.state).toBe('closed');
    expect(c.challengesSigned).toBe(0);
  });

  it.each([1001, 1006] as const)(
    'the venue closes with %i: the client reconnects, signs a fresh challenge and replays every feed',
    async (code) => {
      const c = makeClient();
      await c.connect();
      await c.subscribe('open_orders');
      await c.subscribe('ticker', { product_ids: ['PF_XBTUSD'] });
      const reconnecting = nextEvent<{ reason: string; attempt: number }>(c, 'reconnecting');
      const reconnected = nextEvent(c, 'reconnected');
      const replayedOrders = new Promise<void>((resolve) => c.on('open_orders_snapshot', () => resolve()));
      sim.faults.closeWs('futures', code);
      const r = await reconnecting;
      expect(r.attempt).toBe(1);
      expect(r.reason).toContain(String(code));
      await reconnected;
      expect(c.challengesSigned).toBe(2);
      await withTimeout(replayedOrders, 10_000, 'the replayed open_orders snapshot');
      // The ticker streams again on the new connection once the market moves.
      const ticker = nextFeed(c, 'ticker', (m) => m['product_id'] === 'PF_XBTUSD');
      sim.advance(5000);
      expect((await ticker)['product_id']).toBe('PF_XBTUSD');
      expect(c.state).toBe('ready');
    },
  );

  it('a venue that keeps closing the socket opens the circuit after the reconnect budget', async () => {
    const c = makeClient({ reconnectBudget: { maxAttempts: 2, windowMs: 60_000 } });
    const attempts: number[] = [];
    c.on('reconnecting', (r) => attempts.push(r.attempt));
    // Every new connection is closed again as soon as it is ready.
    c.on('reconnected', () => sim.faults.closeWs('futures', 1006));
    const circuit = new Promise<{ circuitOpen: boolean; reason: string }>((resolve) =>
      c.on('disconnected', (d) => {
        if (d.circuitOpen) resolve(d);
      }),
    );
    await c.connect();
    sim.faults.closeWs('futures', 1006);
    const d = await withTimeout(circuit, 10_000, 'circuit open');
    expect(d.reason).toContain('budget');
    expect(attempts).toEqual([1, 2]);
    expect(c.state).toBe('closed');
  });
});
