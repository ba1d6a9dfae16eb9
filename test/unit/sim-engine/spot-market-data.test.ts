import { describe, expect, it } from 'vitest';
import { harness, px } from './helpers.js';

describe('spot ticker and OHLC', () => {
  it('keeps rolling 24 h and since-midnight (UTC) figures, and candles aligned to interval_begin', () => {
    const h = harness();
    const e = h.engine;
    e.createSpotAccount('a', { balances: { ZUSD: '10000000', XXBT: '100' } });
    e.createSpotAccount('b', { balances: { ZUSD: '10000000', XXBT: '100' } });
    const print = (price: string, qty: string) => {
      e.spot.addOrder('a', { pair: 'XBTUSD', side: 'sell', orderType: 'limit', volume: qty, price: px(price) });
      e.spot.addOrder('b', { pair: 'XBTUSD', side: 'buy', orderType: 'market', volume: qty });
    };
    print('60000.0', '1'); // Jan 5 12:00 UTC
    h.advance(13 * 3_600_000); // Jan 6 01:00 UTC
    print('61000.0', '3');
    const t = e.spot.ticker('XBTUSD');
    expect(t).toMatchObject({
      last: '61000.0',
      lastQty: '3.00000000',
      volume: '4.00000000',
      vwap: '60750.0',
      low: '60000.0',
      high: '61000.0',
      trades: 2,
      change: '1000.0',
      changePct: '1.67',
    });
    expect(t).toMatchObject({ open: '61000.0', volumeToday: '3.00000000', tradesToday: 1 });
    h.advance(12 * 3_600_000);
    print('60500.0', '1');
    expect(e.spot.ticker('XBTUSD')).toMatchObject({ volume: '4.00000000', trades: 2, low: '60500.0', high: '61000.0' });
    const hourly = e.spot.ohlc('XBTUSD', 60);
    expect(hourly.map((c) => c.intervalBeginMs % 3_600_000)).toEqual([0, 0, 0]);
    expect(hourly[1]).toMatchObject({ open: '61000.0', close: '61000.0', volume: '3.00000000', trades: 1, vwap: '61000.0' });
    expect(e.spot.ohlc('XBTUSD', 60, hourly[1]?.intervalBeginMs)).toHaveLength(1);
    const ohlcEvent = h.events.filter((x) => x.type === 'spot.ohlc').at(-1);
    expect(ohlcEvent?.type === 'spot.ohlc' && ohlcEvent.candles.map((c) => c.interval)).toEqual([
      1, 5, 15, 30, 60, 240, 1440, 10080, 21600,
    ]);
  });
});
