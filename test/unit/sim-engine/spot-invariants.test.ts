import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimVenueError } from '../../../src/sim/engine/errors.js';
import type { SpotOrderRequest } from '../../../src/sim/engine/types/spot-requests.js';
import { Decimal } from '../../../src/sim/engine/decimal.js';
import { harness, px } from './helpers.js';

const ACCOUNTS = ['a', 'b', 'c'];

const orderArb = fc.record({
  account: fc.constantFrom(...ACCOUNTS),
  side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
  kind: fc.constantFrom('limit', 'market', 'ioc', 'post', 'iceberg', 'stop', 'cancel', 'amend'),
  ticks: fc.integer({ min: -20, max: 20 }),
  lots: fc.integer({ min: 1, max: 300 }),
});

function toRequest(o: { side: 'buy' | 'sell'; kind: string; ticks: number; lots: number }): SpotOrderRequest {
  const price = px(new Decimal('60000.0').plus(new Decimal(o.ticks).times(5)).toFixed(1));
  const volume = new Decimal(o.lots).times('0.001').toFixed(8);
  switch (o.kind) {
    case 'market':
      return { pair: 'XBTUSD', side: o.side, orderType: 'market', volume };
    case 'ioc':
      return { pair: 'XBTUSD', side: o.side, orderType: 'limit', volume, price, timeInForce: 'IOC' };
    case 'post':
      return { pair: 'XBTUSD', side: o.side, orderType: 'limit', volume, price, postOnly: true };
    case 'iceberg':
      return {
        pair: 'XBTUSD',
        side: o.side,
        orderType: 'iceberg',
        volume,
        price,
        displayVol: new Decimal(volume).div(10).toDecimalPlaces(8, Decimal.ROUND_UP).toFixed(8),
      };
    case 'stop':
      return { pair: 'XBTUSD', side: o.side, orderType: 'stop-loss', volume, price };
    default:
      return { pair: 'XBTUSD', side: o.side, orderType: 'limit', volume, price };
  }
}

describe('spot venue invariants under random order flow', () => {
  it('conserves assets (fees aside), keeps holds within balances, never crosses the book, never overfills', () => {
    fc.assert(
      fc.property(fc.array(orderArb, { minLength: 10, maxLength: 60 }), (ops) => {
        const h = harness();
        const e = h.engine;
        for (const id of ACCOUNTS) e.createSpotAccount(id, { balances: { ZUSD: '200000', XXBT: '3' } });
        for (const op of ops) {
          try {
            if (op.kind === 'cancel' || op.kind === 'amend') {
              const open = e.spot.openOrders(op.account);
              const target = open[op.lots % Math.max(1, open.length)];
              if (!target) continue;
              if (op.kind === 'cancel') e.spot.cancelOrder(op.account, { txid: target.txid });
              else e.spot.amendOrder(op.account, { txid: target.txid, orderQty: new Decimal(op.lots).times('0.001').toFixed(8) });
            } else {
              e.spot.addOrder(op.account, toRequest(op));
            }
          } catch (err) {
            if (!(err instanceof SimVenueError)) throw err;
          }
          h.advance(100);
          const depth = e.spot.depth('XBTUSD', 1);
          if (depth.bids[0] && depth.asks[0]) expect(new Decimal(depth.bids[0].price).lt(depth.asks[0].price)).toBe(true);
        }
        let usd = new Decimal(0);
        let xbt = new Decimal(0);
        let fees = new Decimal(0);
        for (const id of ACCOUNTS) {
          const bal = e.spot.balances(id);
          for (const v of Object.values(bal)) {
            expect(new Decimal(v.holdTrade).gte(0)).toBe(true);
            expect(new Decimal(v.holdTrade).lte(new Decimal(v.balance).plus('0.0001'))).toBe(true);
            expect(new Decimal(v.balance).gte(0)).toBe(true);
          }
          usd = usd.plus(bal.ZUSD?.balance ?? '0');
          xbt = xbt.plus(bal.XXBT?.balance ?? '0');
          for (let ofs = 0; ; ofs += 50) {
            const page = e.spot.tradesHistory(id, { ofs });
            for (const t of page.trades) fees = fees.plus(t.fee);
            if (ofs + 50 >= page.count) break;
          }
          for (const o of [...e.spot.openOrders(id), ...e.spot.closedOrders(id).orders])
            expect(new Decimal(o.volExec).lte(o.volume)).toBe(true);
        }
        expect(xbt.toFixed(10)).toBe('9.0000000000');
        expect(usd.plus(fees).toFixed(4)).toBe('600000.0000');
      }),
      { numRuns: 25, seed: 20261124 },
    );
  });
});
