import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../../src/sim/engine/types/events.js';
import { harness, px } from './helpers.js';

function run(seed: number, steps: number): SimEvent[] {
  const h = harness({ seed, market: { stepMs: 1000 } });
  h.advance(steps * 1000);
  return h.events;
}

describe('seeded market generator', () => {
  it('is deterministic: same seed gives the identical event stream, another seed a different one', () => {
    const a = run(42, 20);
    const b = run(42, 20);
    const c = run(43, 20);
    expect(a.length).toBeGreaterThan(100);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('produces book deltas that rebuild exactly the engine book, plus trades, ticker and OHLC', () => {
    const h = harness({ seed: 5, market: { stepMs: 1000, tradeProbability: 0.9 } });
    h.advance(30_000);
    const local = { bids: new Map<string, string>(), asks: new Map<string, string>() };
    for (const e of h.events) {
      if (e.type !== 'spot.book' || e.pair !== 'XXBTZUSD') continue;
      for (const l of e.bids) {
        if (l.qty === '0') local.bids.delete(l.price);
        else local.bids.set(l.price, l.qty);
      }
      for (const l of e.asks) {
        if (l.qty === '0') local.asks.delete(l.price);
        else local.asks.set(l.price, l.qty);
      }
    }
    const depth = h.engine.spot.depth('XBTUSD', 1000);
    expect(depth.bids.length).toBeGreaterThan(5);
    expect([...local.bids.entries()].sort((x, y) => Number(y[0]) - Number(x[0]))).toEqual(depth.bids.map((l) => [l.price, l.qty]));
    expect([...local.asks.entries()].sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual(depth.asks.map((l) => [l.price, l.qty]));
    // Exact text at the pair's precision (1 price decimal, 8 lot decimals): usable for CRC32 checksums as-is.
    for (const l of [...depth.bids, ...depth.asks]) {
      expect(l.price).toMatch(/^\d+\.\d$/);
      expect(l.qty).toMatch(/^\d+\.\d{8}$/);
    }
    expect(Number(depth.bids[0]?.price)).toBeLessThan(Number(depth.asks[0]?.price));
    const trades = h.events.filter((e) => e.type === 'spot.trade' && e.pair === 'XXBTZUSD');
    expect(trades.length).toBeGreaterThan(5);
    const ids = trades.flatMap((e) => (e.type === 'spot.trade' ? e.trades.map((t) => t.tradeId) : []));
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    const ohlc = h.events.filter((e) => e.type === 'spot.ohlc').at(-1);
    const oneMinute = ohlc?.type === 'spot.ohlc' ? ohlc.candles.find((c) => c.interval === 1) : undefined;
    expect(oneMinute && oneMinute.intervalBeginMs % 60_000).toBe(0);
    const tk = h.engine.spot.ticker('XBTUSD');
    expect(tk.bid).toBe(depth.bids[0]?.price);
    expect(tk.ask).toBe(depth.asks[0]?.price);
    expect(h.events.some((e) => e.type === 'futures.ticker' && e.symbol === 'PF_XBTUSD' && e.ticker.nextFundingRateTimeMs !== null)).toBe(
      true,
    );
  });

  it('lets user orders trade against the synthetic market', () => {
    const h = harness({ seed: 9, market: {} });
    h.advance(5_000);
    h.engine.createSpotAccount('u', { balances: { ZUSD: '1000000' } });
    const r = h.engine.spot.addOrder('u', { pair: 'XBTUSD', side: 'buy', orderType: 'market', volume: '0.001' });
    expect(h.engine.spot.queryOrders('u', [r.txid as string])[0]?.status).toBe('closed');
    expect(h.engine.spot.balances('u').XXBT?.balance).toBe('0.0010000000');
    h.engine.createFuturesAccount('f', { balances: { USD: '100000' } });
    const f = h.engine.futures.sendOrder('f', { orderType: 'mkt', symbol: 'PF_XBTUSD', side: 'sell', size: '0.01' });
    expect(f.status).toBe('placed');
    expect(h.engine.futures.openPositions('f')[0]).toMatchObject({ side: 'short', size: '0.0100' });
  });
});

describe('replay mode', () => {
  it('loads recorded snapshots/updates as resting liquidity and prints recorded trades', () => {
    const h = harness();
    h.engine.replay({
      kind: 'book_snapshot',
      pair: 'BTC/USD',
      bids: [
        { price: '45283.5', qty: '0.10000000' },
        { price: '45283.4', qty: '1.54582015' },
      ],
      asks: [{ price: '45285.2', qty: '0.00100000' }],
    });
    expect(h.engine.spot.depth('XBTUSD', 10)).toMatchObject({
      bids: [
        { price: '45283.5', qty: '0.10000000' },
        { price: '45283.4', qty: '1.54582015' },
      ],
      asks: [{ price: '45285.2', qty: '0.00100000' }],
    });
    h.engine.replay({
      kind: 'book_update',
      pair: 'BTC/USD',
      bids: [{ price: '45283.5', qty: '0' }],
      asks: [{ price: '45286.0', qty: '2.00000000' }],
    });
    expect(h.engine.spot.depth('XBTUSD', 10).bids.map((l) => l.price)).toEqual(['45283.4']);
    h.engine.createSpotAccount('u', { balances: { XXBT: '1' } });
    const r = h.engine.spot.addOrder('u', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: '0.5', price: px('45285.0') });
    // A recorded buy at our ask crosses the user's order first (it is the best ask).
    h.engine.replay({ kind: 'trade', pair: 'BTC/USD', side: 'buy', price: '45285.0', qty: '0.2' });
    expect(h.engine.spot.queryOrders('u', [r.txid as string])[0]?.volExec).toBe('0.20000000');
    // With no resting liquidity at the price, the recorded trade is printed on the tape as-is.
    h.engine.replay({ kind: 'book_snapshot', pair: 'BTC/USD', bids: [], asks: [] });
    h.engine.replay({ kind: 'trade', pair: 'BTC/USD', side: 'sell', price: '45000.0', qty: '0.05' });
    expect(h.engine.spot.recentTrades('XBTUSD').at(-1)).toMatchObject({ price: '45000.0', qty: '0.05000000', side: 'sell' });
    expect(h.engine.spot.lastPrice('XBTUSD')).toBe('45000.0');
  });
});
