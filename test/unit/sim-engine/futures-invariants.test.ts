import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/sim/engine/decimal.js';
import { harness } from './helpers.js';

const ACCOUNTS = ['a', 'b', 'c'];

describe('futures accounting under random order flow', () => {
  it('is zero-sum on a linear perpetual: balances + fees + open P&L + unrealised funding stay constant', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            account: fc.constantFrom(...ACCOUNTS),
            side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
            kind: fc.constantFrom('lmt', 'ioc', 'mkt', 'cancel', 'mark', 'hour'),
            ticks: fc.integer({ min: -30, max: 30 }),
            size: fc.integer({ min: 1, max: 50 }),
          }),
          { minLength: 10, maxLength: 50 },
        ),
        (ops) => {
          const h = harness();
          const e = h.engine;
          for (const id of ACCOUNTS) e.createFuturesAccount(id, { balances: { USD: '1000000' } });
          for (const op of ops) {
            const price = String(60000 + op.ticks * 5);
            const size = new Decimal(op.size).div(100).toFixed(4);
            if (op.kind === 'mark') e.setFuturesPrices('PF_XBTUSD', { mark: price, index: String(60000 + op.ticks) });
            else if (op.kind === 'hour') h.advance(3_600_000);
            else if (op.kind === 'cancel') e.futures.cancelAllOrders(op.account);
            else
              e.futures.sendOrder(op.account, {
                orderType: op.kind,
                symbol: 'PF_XBTUSD',
                side: op.side,
                size,
                ...(op.kind === 'mkt' ? {} : { limitPrice: price }),
              });
          }
          let total = new Decimal(0);
          let net = new Decimal(0);
          for (const id of ACCOUNTS) {
            total = total.plus(e.futures.accounts(id).flex.currencies.USD?.quantity ?? '0');
            for (const f of e.futures.fills(id)) total = total.plus(f.feePaid);
            for (const p of e.futures.openPositions(id)) {
              total = total.plus(p.pnl).plus(p.unrealizedFunding);
              net = net.plus(p.signedSize);
            }
          }
          expect(net.isZero()).toBe(true);
          expect(total.toFixed(6)).toBe('3000000.000000');
        },
      ),
      { numRuns: 25, seed: 424242 },
    );
  });
});
