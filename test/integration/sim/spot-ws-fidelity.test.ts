/**
 * Spot WS v2 subscription options the simulator must honour as Kraken does, over real sockets:
 * ticker `event_trigger` (`trades`, the default: an update per trade; `bbo`: an update per change
 * of the best bid or offer), `last` moving only on a trade, book `snapshot: false`, and an
 * `ohlc` unsubscribe ending only the interval it names.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSim, WsProbe, type TestSim } from './helpers.js';

let sim: TestSim;
beforeEach(async () => {
  // An empty market of each test's own: every book change and trade below is that test's.
  sim = await startTestSim({ market: false, limits: false, accounts: [{ id: 'taker' }, { id: 'maker' }] });
});
afterEach(async () => sim.close());

/** The fields of a venue frame these tests read. */
interface Frame {
  readonly req_id?: number;
  readonly method?: string;
  readonly success?: boolean;
  readonly channel?: string;
  readonly data?: unknown;
}

const limit = (side: 'buy' | 'sell', price: string, volume = '0.01') => ({
  pair: 'XBTUSD',
  side,
  orderType: 'limit' as const,
  volume,
  price: { kind: 'absolute' as const, value: price },
});

describe('Spot WS v2 ticker event_trigger and book snapshot', () => {
  it('trades (default) updates only on trades; bbo on every best bid/offer change; last moves only on a trade', async () => {
    const byTrades = await WsProbe.open(sim.urls.spotWsPublic);
    const byBbo = await WsProbe.open(sim.urls.spotWsPublic);
    byTrades.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] }, req_id: 1 });
    byBbo.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'], event_trigger: 'bbo' }, req_id: 2 });
    expect((await byTrades.next((m) => m.req_id === 1)).result.event_trigger).toBe('trades');
    expect((await byBbo.next((m) => m.req_id === 2)).result.event_trigger).toBe('bbo');
    const snapshot = (await byTrades.next((m) => m.channel === 'ticker' && m.type === 'snapshot')).data[0];
    await byBbo.next((m) => m.channel === 'ticker' && m.type === 'snapshot');

    // Book changes only: a bid, then an ask far away (no trade).
    sim.engine.spot.addOrder('maker', limit('buy', '50000.0'));
    const bidUpdate = await byBbo.next((m) => m.channel === 'ticker' && m.type === 'update');
    expect(bidUpdate.data[0].bid).toBe('50000.0');
    sim.engine.spot.addOrder('maker', limit('sell', '70000.0'));
    const askUpdate = await byBbo.nextNew((m) => m.channel === 'ticker' && m.type === 'update');
    expect(askUpdate.data[0].ask).toBe('70000.0');
    // Without a trade, `last` stays where it was, though the book now has a mid.
    expect(askUpdate.data[0].last).toBe(snapshot.last);

    // A trade: the `trades` subscriber's first update is this one (none came for the book changes).
    sim.engine.spot.addOrder('taker', limit('buy', '70000.0', '0.004'));
    const tradeUpdate = await byTrades.next((m) => m.channel === 'ticker' && m.type === 'update');
    expect(tradeUpdate.data[0].last).toBe('70000.0');
    expect(byTrades.frames.filter((m) => m.channel === 'ticker' && m.type === 'update')).toHaveLength(1);
    byTrades.close();
    byBbo.close();
  });

  it('book snapshot: false is acknowledged as such, sends no snapshot, and updates still follow', async () => {
    const ws = await WsProbe.open(sim.urls.spotWsPublic);
    ws.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], snapshot: false }, req_id: 3 });
    expect((await ws.next((m) => m.req_id === 3)).result).toMatchObject({ channel: 'book', snapshot: false });
    sim.engine.spot.addOrder('maker', limit('buy', '51000.0'));
    const update = await ws.next((m) => m.channel === 'book');
    expect(update.type).toBe('update');
    expect(update.data[0].bids).toEqual([{ price: '51000.0', qty: '0.01000000' }]);
    expect(ws.frames.some((m) => m.channel === 'book' && m.type === 'snapshot')).toBe(false);
    ws.close();
  });

  it("ohlc unsubscribe ends only the interval it names; the pair's other intervals keep streaming", async () => {
    const ws = await WsProbe.open(sim.urls.spotWsPublic);
    const answer = async (req_id: number): Promise<Frame> => (await ws.next((m: Frame) => m.req_id === req_id)) as Frame;
    for (const [interval, req_id] of [
      [1, 10],
      [5, 11],
    ] as const) {
      ws.send({ method: 'subscribe', params: { channel: 'ohlc', symbol: ['BTC/USD'], interval, snapshot: false }, req_id });
      expect((await answer(req_id)).success).toBe(true);
    }
    // Everything sent before the pong has arrived: the socket keeps the order of its frames.
    let ping = 100;
    const drained = async () => {
      ws.send({ method: 'ping', req_id: ++ping });
      expect((await answer(ping)).method).toBe('pong');
    };
    const ohlcIntervals = (from: number): number[] =>
      (ws.frames.slice(from) as Frame[]).flatMap((m) =>
        m.channel === 'ohlc' ? (m.data as { interval: number }[]).map((c) => c.interval) : [],
      );
    const trade = () => {
      sim.engine.spot.addOrder('maker', limit('sell', '69000.0', '0.001'));
      sim.engine.spot.addOrder('taker', limit('buy', '69000.0', '0.001'));
    };

    let from = ws.frames.length;
    trade();
    await drained();
    expect(ohlcIntervals(from)).toEqual([1, 5]);

    ws.send({ method: 'unsubscribe', params: { channel: 'ohlc', symbol: ['BTC/USD'], interval: 1 }, req_id: 12 });
    expect(await answer(12)).toMatchObject({ success: true, result: { channel: 'ohlc', symbol: 'BTC/USD' } });
    from = ws.frames.length;
    trade();
    await drained();
    expect(ohlcIntervals(from)).toEqual([5]);

    // The interval already ended is not found again; the other one is.
    ws.send({ method: 'unsubscribe', params: { channel: 'ohlc', symbol: ['BTC/USD'], interval: 1 }, req_id: 13 });
    expect(await answer(13)).toMatchObject({ success: false, error: 'Subscription Not Found' });
    ws.send({ method: 'unsubscribe', params: { channel: 'ohlc', symbol: ['BTC/USD'], interval: 5 }, req_id: 14 });
    expect((await answer(14)).success).toBe(true);
    from = ws.frames.length;
    trade();
    await drained();
    expect(ohlcIntervals(from)).toEqual([]);
    ws.close();
  });
});
