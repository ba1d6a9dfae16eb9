/**
 * A subscribed book end to end without a socket: frames (with real checksums / seqs) through the
 * verified books into consumer deltas. A desync invalidates at once, asks for exactly one resync,
 * publishes nothing from the bad frame or anything after it, and the next snapshot goes out whole.
 */
import { describe, expect, it } from 'vitest';
import { BookDeltaBuilder, type BookChanges, type LevelText } from '../../../../src/adapter/data/book-deltas.js';
import { BookSync, type BookSyncHooks } from '../../../../src/adapter/data/book-sync.js';
import { parseVenueJson } from '../../../../src/core/json.js';
import { FuturesOrderBook } from '../../../../src/kraken/futures/book/futures-order-book.js';
import { spotBookChecksum } from '../../../../src/kraken/spot/book/checksum.js';
import { SpotOrderBook } from '../../../../src/kraken/spot/book/spot-order-book.js';
import { CurrencyPair } from '../../../../src/model/instruments.js';
import { OrderBook, type OrderBookDeltas } from '../../../../src/model/order-book.js';
import { Quantity } from '../../../../src/model/values.js';
import { spotFrame, type Level } from '../../book/frames.js';
import { BTCUSD, PF_XBTUSD } from './fixtures.js';

const obj = (text: string): object => parseVenueJson(text) as object;
const sides = (b: OrderBook) => [
  b.bids().map((l) => `${l.price.toString()}@${l.size.toString()}`),
  b.asks().map((l) => `${l.price.toString()}@${l.size.toString()}`),
];

function hooks(): BookSyncHooks & { resyncReasons: string[]; warnings: string[] } {
  const resyncReasons: string[] = [];
  const warnings: string[] = [];
  return { resyncReasons, warnings, resync: (r) => resyncReasons.push(r), warn: (m) => warnings.push(m) };
}

/** A Spot venue book the test edits, and frames carrying its real checksum. */
class SpotVenue {
  bids: Level[] = [
    ['45283.5', '0.10000000'],
    ['45283.4', '1.54582015'],
  ];
  asks: Level[] = [
    ['45285.2', '0.00100000'],
    ['45286.4', '1.54571953'],
  ];
  snapshot(): object {
    return obj(spotFrame('snapshot', 'BTC/USD', this.bids, this.asks, spotBookChecksum(this.asks, this.bids)));
  }
  update(bids: Level[], asks: Level[], corrupt = false): object {
    const apply = (side: Level[], changes: Level[], desc: boolean) => {
      for (const [p, q] of changes) {
        const i = side.findIndex(([x]) => x === p);
        if (i >= 0) side.splice(i, 1);
        if (!/^0(\.0*)?$/.test(q)) side.push([p, q]);
      }
      side.sort((a, b) => (desc ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0])));
    };
    apply(this.bids, bids, true);
    apply(this.asks, asks, false);
    const checksum = spotBookChecksum(this.asks, this.bids);
    return obj(spotFrame('update', 'BTC/USD', bids, asks, corrupt ? (checksum ^ 1) >>> 0 : checksum));
  }
}

describe('BookSync (Spot, checksum-verified)', () => {
  function rig() {
    const h = hooks();
    const sync = new BookSync(
      (onResync) =>
        new SpotOrderBook({
          symbol: 'BTC/USD',
          depth: 10,
          pricePrecision: 1,
          qtyPrecision: 8,
          reportWindowChanges: true,
          onResync: (r) => onResync(r.reason),
        }),
      new BookDeltaBuilder(BTCUSD, 10, false),
      h,
    );
    const consumer = new OrderBook(BTCUSD.id);
    const seen: OrderBookDeltas[] = [];
    const feed = (m: object, isSnapshot: boolean) => {
      const d = sync.onMessage(m, isSnapshot, (m as { data: BookChanges[] }).data[0] ?? null, 1n, 2n);
      if (d !== null) {
        seen.push(d);
        consumer.applyDeltas(d);
      }
      return d;
    };
    return { h, sync, consumer, seen, feed, venue: new SpotVenue() };
  }

  it('snapshot → full snapshot; updates → exact diffs; the consumer mirrors the venue', () => {
    const { consumer, feed, venue, sync } = rig();
    expect(feed(venue.snapshot(), true)?.isSnapshot).toBe(true);
    feed(venue.update([['45283.6', '0.50000000']], [['45285.2', '0.00000000']]), false);
    expect(sides(consumer)).toEqual([venue.bids.map(([p, q]) => `${p}@${q}`), venue.asks.map(([p, q]) => `${p}@${q}`)]);
    expect([sync.isValid, sync.resyncs, sync.invalidations]).toEqual([true, 0, 0]);
  });

  it('a book built without reportWindowChanges keeps no log and refuses to report one; BookSync then keeps its own window', () => {
    const plain = new SpotOrderBook({ symbol: 'BTC/USD', depth: 10, pricePrecision: 1, qtyPrecision: 8 });
    expect(plain.reportsWindowChanges).toBe(false);
    expect(() => plain.forEachWindowChange(() => undefined)).toThrow(/reportWindowChanges/);
    const h = hooks();
    const sync = new BookSync(
      () => new SpotOrderBook({ symbol: 'BTC/USD', depth: 10, pricePrecision: 1, qtyPrecision: 8 }),
      new BookDeltaBuilder(BTCUSD, 10, false),
      h,
    );
    const consumer = new OrderBook(BTCUSD.id);
    const venue = new SpotVenue();
    for (const [m, snap] of [
      [venue.snapshot(), true],
      [venue.update([['45283.6', '0.50000000']], [['45285.2', '0.00000000']]), false],
    ] as const) {
      const d = sync.onMessage(m, snap, (m as { data: BookChanges[] }).data[0] ?? null, 0n, 0n);
      if (d !== null) consumer.applyDeltas(d);
    }
    expect(sides(consumer)).toEqual([venue.bids.map(([p, q]) => `${p}@${q}`), venue.asks.map(([p, q]) => `${p}@${q}`)]);
  });

  it('quantities beyond 2^53 once scaled: the book reports them as exact text, and an unchanged one publishes nothing', () => {
    const { consumer, feed, venue, seen } = rig();
    venue.bids[0] = ['45283.5', '123456789012.12345678'];
    feed(venue.snapshot(), true);
    const update = feed(venue.update([['45283.5', '123456789012.12345679']], []), false);
    expect(update?.deltas.map((d) => `${d.action} ${d.order?.price.toString()}@${d.order?.size.toString()}`)).toEqual([
      'UPDATE 45283.5@123456789012.12345679',
    ]);
    const count = seen.length;
    expect(feed(venue.update([['45283.5', '123456789012.12345679']], []), false)).toBeNull();
    expect(seen.length).toBe(count);
    expect(sides(consumer)).toEqual([venue.bids.map(([p, q]) => `${p}@${q}`), venue.asks.map(([p, q]) => `${p}@${q}`)]);
  });

  it('raw frame text (no decoded levels): the same book, found by comparing the window with the book whole', () => {
    const h = hooks();
    const sync = new BookSync(
      (onResync) =>
        new SpotOrderBook({ symbol: 'BTC/USD', depth: 10, pricePrecision: 1, qtyPrecision: 8, onResync: (r) => onResync(r.reason) }),
      new BookDeltaBuilder(BTCUSD, 10, false),
      h,
    );
    const consumer = new OrderBook(BTCUSD.id);
    const venue = new SpotVenue();
    const text = (m: object) => JSON.stringify(m).replace(/"(\d+\.\d+)"/g, '$1'); // decimals back to number tokens
    for (const m of [
      venue.snapshot(),
      venue.update([['45283.6', '0.50000000']], [['45285.2', '0.00000000']]),
      venue.update([], [['45286.0', '1.00000000']]),
    ]) {
      const d = sync.onMessage(text(m), (m as { type: string }).type === 'snapshot', null, 0n, 0n);
      if (d !== null) consumer.applyDeltas(d);
    }
    expect(sides(consumer)).toEqual([venue.bids.map(([p, q]) => `${p}@${q}`), venue.asks.map(([p, q]) => `${p}@${q}`)]);
    expect(sync.isValid).toBe(true);
  });

  it('a checksum mismatch: one invalidation at once, one resync, nothing from the bad frame or after it until a snapshot', () => {
    const { h, consumer, feed, venue, seen, sync } = rig();
    feed(venue.snapshot(), true);
    const bad = feed(venue.update([['45283.7', '9.00000000']], [], true), false);
    expect(bad?.isInvalidation).toBe(true);
    expect(bad?.deltas).toHaveLength(1); // the bad frame's level never reaches the consumer
    expect([consumer.bidLevels, consumer.askLevels, consumer.awaitingSnapshot]).toEqual([0, 0, true]);
    expect(h.resyncReasons).toEqual(['checksum-mismatch']);
    // frames that keep coming before the resubscribe lands: refused, nothing published
    expect(feed(venue.update([['45283.8', '1.00000000']], []), false)).toBeNull();
    expect(feed(venue.update([['45283.9', '1.00000000']], []), false)).toBeNull();
    expect(h.resyncReasons).toHaveLength(1);
    expect(sync.isValid).toBe(false);
    // the resync's snapshot: whole book again
    const snap = feed(venue.snapshot(), true);
    expect(snap?.isSnapshot).toBe(true);
    expect(sides(consumer)).toEqual([venue.bids.map(([p, q]) => `${p}@${q}`), venue.asks.map(([p, q]) => `${p}@${q}`)]);
    expect([sync.isValid, sync.resyncs, sync.invalidations, sync.lastInvalidReason]).toEqual([true, 1, 1, 'checksum-mismatch']);
    expect(seen.map((d) => (d.isSnapshot ? 'snapshot' : d.isInvalidation ? 'invalid' : 'update'))).toEqual([
      'snapshot',
      'invalid',
      'snapshot',
    ]);
  });

  it('reset (connection lost): invalidation, a fresh book waiting for the replayed snapshot, no resync request', () => {
    const { h, consumer, feed, venue, sync } = rig();
    feed(venue.snapshot(), true);
    const d = sync.reset('connection lost', 9n);
    expect(d?.isInvalidation).toBe(true);
    consumer.applyDeltas(d!);
    expect(feed(venue.update([['45283.6', '1.00000000']], []), false)).toBeNull(); // an update of the old connection
    expect(feed(venue.snapshot(), true)?.isSnapshot).toBe(true);
    expect(h.resyncReasons).toEqual([]);
  });

  it('a level finer than the instrument: invalidated and held (no resync loop) until reset', () => {
    const { h, feed, sync } = rig();
    const text = spotFrame(
      'snapshot',
      'BTC/USD',
      [['45283.5', '0.12345678']],
      [['45285.2', '0.00100000']],
      spotBookChecksum([['45285.2', '0.00100000']], [['45283.5', '0.12345678']]),
    );
    feed(obj(text), true);
    // the same pair as an outdated instrument with 4 size decimals
    const outdated = new CurrencyPair({ ...BTCUSD, sizePrecision: 4, sizeIncrement: Quantity.fromStr('0.0001'), minQuantity: null });
    const coarse = new BookSync(
      (onResync) =>
        new SpotOrderBook({ symbol: 'BTC/USD', depth: 10, pricePrecision: 1, qtyPrecision: 8, onResync: (r) => onResync(r.reason) }),
      new BookDeltaBuilder(outdated, 10, false),
      h,
    );
    expect(coarse.onMessage(obj(text), true, null, 0n, 0n)).toBeNull(); // never published, so nothing to invalidate
    expect(coarse.heldReason).toMatch(/precision/);
    expect(coarse.onMessage(obj(text), true, null, 0n, 0n)).toBeNull();
    expect(h.resyncReasons).toEqual([]);
    expect(sync.isValid).toBe(true);
  });
});

describe('BookSync (Futures, seq-checked)', () => {
  const snap = (seq: number) =>
    obj(
      `{"feed":"book_snapshot","product_id":"PF_XBTUSD","timestamp":1,"seq":${seq},"bids":[{"price":67892.5,"qty":0.1250}],"asks":[{"price":67911.5,"qty":0.0010}]}`,
    );
  const delta = (seq: number, side: string, price: string, qty: string) =>
    obj(`{"feed":"book","product_id":"PF_XBTUSD","side":"${side}","seq":${seq},"price":${price},"qty":${qty},"timestamp":2}`);

  it('a seq gap: one invalidation, one resync, nothing until the next book_snapshot; Kraken seq carried as the sequence', () => {
    const h = hooks();
    const sync = new BookSync(
      (onResync) => new FuturesOrderBook({ product: 'PF_XBTUSD', onResync: (r) => onResync(r.reason) }),
      new BookDeltaBuilder(PF_XBTUSD, 10, true),
      h,
    );
    const consumer = new OrderBook(PF_XBTUSD.id);
    const feed = (m: object, isSnapshot: boolean, seq: number) => {
      const level = m as { side?: string; price?: string; qty?: string };
      const changes = isSnapshot ? null : level.side === 'buy' ? { bids: [level as LevelText] } : { asks: [level as LevelText] };
      const d = sync.onMessage(m, isSnapshot, changes, 1n, 2n, BigInt(seq));
      if (d !== null) consumer.applyDeltas(d);
      return d;
    };
    expect(feed(snap(100), true, 100)?.sequence).toBe(100n);
    expect(
      feed(delta(101, 'buy', '67893.0', '1.0000'), false, 101)?.deltas.map(
        (x) => `${x.action} ${x.order?.price.toString()} ${x.order?.size.toString()}`,
      ),
    ).toEqual(['ADD 67893.0 1.0000']);
    expect(feed(delta(103, 'buy', '67894.0', '1.0000'), false, 103)?.isInvalidation).toBe(true);
    expect(consumer.bidLevels).toBe(0);
    expect(feed(delta(104, 'buy', '67895.0', '1.0000'), false, 104)).toBeNull();
    expect(h.resyncReasons).toEqual(['seq-gap']);
    expect(feed(snap(1), true, 1)?.isSnapshot).toBe(true);
    expect(sides(consumer)).toEqual([['67892.5@0.1250'], ['67911.5@0.0010']]);
    // a stale duplicate is dropped without harm
    expect(feed(delta(1, 'buy', '67890.0', '1.0000'), false, 1)).toBeNull();
    expect([sync.isValid, sync.resyncs, sync.invalidations]).toEqual([true, 1, 1]);
  });
});
