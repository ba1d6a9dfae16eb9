/** The EMA-cross example runs in a node against the fake venue: it buys on the up-cross and sells on the down-cross. */
import { describe, expect, it } from 'vitest';
import { buildNode } from '../../../examples/ema-cross.js';
import { TradeId } from '../../../src/model/identifiers.js';
import { TradeTick } from '../../../src/model/market-data.js';
import { Price, Quantity } from '../../../src/model/values.js';
import { ManualClock } from '../../../src/core/clock.js';
import { Topics } from '../../../src/node/message-bus.js';
import { BTCUSD, fakeFactories } from '../../unit/node/fake-venue.js';

const MIN = 60_000_000_000n;

describe('examples/ema-cross.ts', () => {
  it('trades the crosses', async () => {
    const f = fakeFactories();
    const node = buildNode(f.data, f.exec, {
      dataClients: { KRAKEN: {} },
      execClients: { KRAKEN: {} },
      clock: new ManualClock(0),
      logging: { level: 'OFF' },
      execEngine: { openCheckIntervalSecs: null, positionCheckIntervalSecs: null, inflightCheckIntervalMs: null },
    });
    await node.run();
    const exec = f.exec.last!;
    exec.behaviour = 'fill';
    const fills: string[] = [];
    node.msgbus.subscribe(Topics.allOrderEvents(), (e) => {
      if (e.kind === 'OrderFilled') fills.push(`${e.orderSide} ${e.lastQty.toString()}`);
    });
    // 30 minutes falling, 30 rising, 30 falling: one trade per minute closes the previous bar.
    const prices = [
      ...Array.from({ length: 30 }, (_, i) => 200 - i),
      ...Array.from({ length: 30 }, (_, i) => 171 + 2 * i),
      ...Array.from({ length: 30 }, (_, i) => 229 - 3 * i),
    ];
    for (const [i, p] of prices.entries()) {
      exec.fillPrice = Price.fromStr(`${p * 500}.0`);
      f.data.last!.ctx.handler.handleData(
        new TradeTick(
          BTCUSD,
          Price.fromStr(`${p * 500}.0`),
          Quantity.fromStr('1'),
          'BUYER',
          new TradeId(`t${i}`),
          BigInt(i) * MIN + 1n,
          0n,
        ),
      );
      await new Promise((r) => setImmediate(r));
    }
    // One precision throughout: the order size comes from instrument.makeQty (size precision 8), like the fills.
    expect(fills).toEqual(['BUY 0.00010000', 'SELL 0.00010000']);
    expect(node.cache.position(BTCUSD)?.side).toBe('FLAT');
    await node.stop();
  });
});
