/**
 * The Spot v2 book update the simulator sends is a diff of the subscribed depth that a client
 * can apply blindly (upsert, delete on qty 0, truncate): pinned here on hand-made books, and
 * the checksum on Kraken's own documented BTC/USD example.
 */
import { describe, expect, it } from 'vitest';
import type { SpotPairSpec } from '../../../src/sim/engine/types/instruments.js';
import { bookSnapshotFrame, bookUpdateFrame, checksumOf, type BookView } from '../../../src/sim/server/spot-ws/market-frames.js';
import { encodeWire } from '../../../src/sim/server/wire-json.js';

const pair = { symbol: 'BTC/USD' } as SpotPairSpec;
const lv = (price: string, qty: string) => ({ price, qty });

describe('book frames', () => {
  it("checksum matches Kraken's documented BTC/USD example (3310070434)", () => {
    const asks = [
      '45285.2 0.00100000',
      '45286.4 1.54571953',
      '45286.6 1.54571109',
      '45289.6 1.54560911',
      '45290.2 0.15890660',
      '45291.8 1.54553491',
      '45294.7 0.04454749',
      '45296.1 0.35380000',
      '45297.5 0.09945542',
      '45299.5 0.18772827',
    ];
    const bids = [
      '45283.5 0.10000000',
      '45283.4 1.54582015',
      '45282.1 0.10000000',
      '45281.0 0.10000000',
      '45280.3 1.54592586',
      '45279.0 0.07990000',
      '45277.6 0.03310103',
      '45277.5 0.30000000',
      '45277.3 1.54602737',
      '45276.6 0.15445238',
    ];
    const split = (s: string) => lv(s.split(' ')[0]!, s.split(' ')[1]!);
    const view: BookView = { asks: asks.map(split), bids: bids.map(split) };
    expect(checksumOf(view)).toBe(3310070434);
    // and the snapshot carries the wire text with trailing zeros intact
    expect(encodeWire(bookSnapshotFrame(pair, view, 0))).toContain('{"price":45281.0,"qty":0.10000000}');
  });

  it('a removed level inside the depth is deleted with qty 0 at the same precision; a level pushed past the depth is not', () => {
    const before: BookView = { bids: [lv('100.0', '1.00'), lv('99.0', '1.00')], asks: [lv('101.0', '1.00'), lv('102.0', '1.00')] };
    // bid 100.0 traded away; new best ask 100.5 pushes 102.0 out of a depth-2 view
    const after: BookView = { bids: [lv('99.0', '1.00'), lv('98.0', '2.00')], asks: [lv('100.5', '0.50'), lv('101.0', '1.00')] };
    const frame = bookUpdateFrame(pair, before, after, 2, 0) as { data: { bids: unknown[]; asks: unknown[] }[] };
    const text = encodeWire(frame);
    expect(text).toContain('"bids":[{"price":100.0,"qty":0.00},{"price":98.0,"qty":2.00}]');
    expect(text).toContain('"asks":[{"price":100.5,"qty":0.50}]');
    expect(text).not.toContain('102.0');
  });

  it('no visible change → no frame', () => {
    const view: BookView = { bids: [lv('1.0', '1')], asks: [lv('2.0', '1')] };
    expect(bookUpdateFrame(pair, view, { bids: [lv('1.0', '1')], asks: [lv('2.0', '1')] }, 10, 0)).toBeUndefined();
  });
});
