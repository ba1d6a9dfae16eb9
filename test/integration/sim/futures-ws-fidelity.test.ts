/**
 * Futures WS v1 frames as Kraken sends them, over real sockets: the `book_snapshot` comes before
 * any delta of a new subscription; deltas never show a crossed book in between; a full fill's
 * `open_orders` removal carries the order; `fills` deltas name the account `username` (a UUID);
 * order bodies always carry `stop_price`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { futuresSignChallenge } from '../../../src/transport/signing.js';
import { startTestSim, WsProbe, type TestSim } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(async () => sim.close());

type Level = { price: string; qty: string };
type Book = { bids: Map<string, string>; asks: Map<string, string> };

function applyDelta(book: Book, d: { side: string; price: string; qty: string }): void {
  const side = d.side === 'buy' ? book.bids : book.asks;
  if (new Decimal(d.qty).isZero()) side.delete(d.price);
  else side.set(d.price, d.qty);
}

function best(side: Map<string, string>, highest: boolean): Decimal | undefined {
  let out: Decimal | undefined;
  for (const p of side.keys()) {
    const d = new Decimal(p);
    if (out === undefined || (highest ? d.gt(out) : d.lt(out))) out = d;
  }
  return out;
}

describe('Futures WS book', () => {
  it('book_snapshot comes first even when the engine had pending changes; deltas follow with seq + 1 and never cross the book', async () => {
    const ws = await WsProbe.open(sim.urls.futuresWs);
    // Time passes without a tick: the subscribe makes the engine catch up (market steps).
    sim.manual.advance(20_000);
    ws.send({ event: 'subscribe', feed: 'book', product_ids: ['PF_XBTUSD'] });
    const snapshot = await ws.next((m) => m.feed === 'book_snapshot');
    const bookFrames = () => ws.frames.filter((m) => m.event === undefined && (m.feed === 'book' || m.feed === 'book_snapshot'));
    expect(bookFrames()[0]).toBe(snapshot);
    const book: Book = { bids: new Map(), asks: new Map() };
    for (const l of snapshot.bids as Level[]) book.bids.set(l.price, l.qty);
    for (const l of snapshot.asks as Level[]) book.asks.set(l.price, l.qty);
    // Let the market move the price for a while and check every intermediate book.
    for (let i = 0; i < 30; i++) sim.advance(1000);
    await ws.next((m) => m.event === undefined && m.feed === 'book' && m.seq >= snapshot.seq + 20);
    let seq = snapshot.seq as number;
    for (const d of bookFrames().slice(1)) {
      expect(d.seq).toBe(++seq);
      applyDelta(book, d);
      const bid = best(book.bids, true);
      const ask = best(book.asks, false);
      if (bid !== undefined && ask !== undefined)
        expect(bid.lt(ask), `crossed after seq ${d.seq}: ${bid.toString()} >= ${ask.toString()}`).toBe(true);
    }
    ws.close();
  });
});

describe('Futures WS private feeds', () => {
  it('full fill: open_orders removal carries the order (qty 0, filled = size); fills delta has username; bodies carry stop_price', async () => {
    // An empty market, so the other account's buy can only meet our sell.
    const quiet = await startTestSim({ market: false, accounts: [{ id: 'trader' }, { id: 'other' }] });
    try {
      const [trader, other] = quiet.accounts;
      const ws = await WsProbe.open(quiet.urls.futuresWs);
      ws.send({ event: 'challenge', api_key: trader!.futures.apiKey });
      const ch = await ws.next((m) => m.event === 'challenge');
      const auth = {
        api_key: trader!.futures.apiKey,
        original_challenge: ch.message,
        signed_challenge: futuresSignChallenge(ch.message, trader!.futures.apiSecret),
      };
      ws.send({ event: 'subscribe', feed: 'open_orders', ...auth });
      ws.send({ event: 'subscribe', feed: 'fills', ...auth });
      const snap = await ws.next((m) => m.feed === 'fills_snapshot');
      expect(snap.account).toMatch(UUID);

      const price = new Decimal(quiet.engine.futures.ticker('PF_XBTUSD').markPrice).toDecimalPlaces(0).toFixed(0);
      const placed = quiet.engine.futures.sendOrder('trader', {
        orderType: 'lmt',
        symbol: 'PF_XBTUSD',
        side: 'sell',
        size: '0.002',
        limitPrice: price,
      });
      expect(placed.status).toBe('placed');
      const upsert = await ws.next((m) => m.feed === 'open_orders' && m.order?.order_id === placed.orderId && m.is_cancel === false);
      expect(upsert.order.stop_price).toBe('0.0');
      expect(new Decimal(upsert.order.qty).eq('0.002')).toBe(true);

      quiet.engine.futures.sendOrder(other!.id, { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '0.002', limitPrice: price });
      const removal = await ws.next((m) => m.feed === 'open_orders' && m.is_cancel === true && m.order?.order_id === placed.orderId);
      expect(removal.reason).toBe('full_fill');
      expect(new Decimal(removal.order.qty).isZero()).toBe(true);
      expect(new Decimal(removal.order.filled).eq('0.002')).toBe(true);
      expect(removal.order.stop_price).toBe('0.0');

      const fills = await ws.next((m) => m.feed === 'fills' && m.fills?.some((f: { order_id: string }) => f.order_id === placed.orderId));
      expect(fills.username).toMatch(UUID);
      expect(fills.username).toBe(snap.account);
      expect(fills).not.toHaveProperty('account');
      ws.close();
    } finally {
      await quiet.close();
    }
  });
});
