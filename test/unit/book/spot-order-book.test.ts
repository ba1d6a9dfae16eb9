import { describe, expect, it, vi } from 'vitest';
import { KrakenStateError, KrakenValidationError } from '../../../src/core/errors.js';
import { spotBookChecksum } from '../../../src/kraken/spot/book/checksum.js';
import { SpotOrderBook, type SpotOrderBookOptions } from '../../../src/kraken/spot/book/spot-order-book.js';
import { BTC_ASKS, BTC_BIDS, spotFrame, validSnapshot, type Level } from './frames.js';

const OPTS = { symbol: 'BTC/USD', depth: 10, pricePrecision: 1, qtyPrecision: 8 } as const;

/** Decimal text padded to `places` decimals (string-only, no float). */
function atPrecision(text: string, places: number): string {
  const [int, frac = ''] = text.split('.');
  return places === 0 ? int! : `${int}.${frac.padEnd(places, '0')}`;
}

/** Applies `change` to a (bids, asks) view and returns an update frame with the correct checksum. */
function updateFor(view: { bids: Level[]; asks: Level[] }, bidChanges: Level[], askChanges: Level[], depth = 10): string {
  const apply = (side: Level[], changes: Level[], desc: boolean): Level[] => {
    const m = new Map(side.map(([p, q]) => [p, q]));
    for (const [p, q] of changes) {
      if (Number(q) === 0) m.delete(atPrecision(p, 1));
      else m.set(atPrecision(p, 1), atPrecision(q, 8));
    }
    return [...m.entries()].sort((a, b) => (desc ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0]))).slice(0, depth);
  };
  view.bids = apply(view.bids, bidChanges, true);
  view.asks = apply(view.asks, askChanges, false);
  return spotFrame('update', 'BTC/USD', bidChanges, askChanges, spotBookChecksum(view.asks, view.bids));
}

function freshBook(extra: Partial<SpotOrderBookOptions> = {}): { book: SpotOrderBook; view: { bids: Level[]; asks: Level[] } } {
  const book = new SpotOrderBook({ ...OPTS, ...extra });
  expect(book.apply(validSnapshot('BTC/USD', BTC_BIDS, BTC_ASKS)).ok).toBe(true);
  return { book, view: { bids: [...BTC_BIDS], asks: [...BTC_ASKS] } };
}

describe('SpotOrderBook: applying updates', () => {
  it('inserts, changes and deletes levels; truncates to depth without a delete message', () => {
    const { book, view } = freshBook();
    // a new best bid pushes 45276.6 out of depth 10; Kraken sends no delete for it
    expect(book.apply(updateFor(view, [['45284.0', '2.00000000']], []))).toEqual({ ok: true });
    expect(book.bids(1)).toEqual([['45284.0', '2.00000000']]);
    expect(book.bids()).toHaveLength(10);
    expect(book.bids().map((l) => l[0])).not.toContain('45276.6');
    // a delete for a level already truncated away is a no-op, not a desync
    expect(book.apply(updateFor(view, [['45276.6', '0']], []))).toEqual({ ok: true });
    // change then delete in one message, applied in order
    expect(
      book.apply(
        updateFor(
          view,
          [],
          [
            ['45285.2', '0.5'],
            ['45286.4', '0.00000000'],
          ],
        ),
      ),
    ).toEqual({ ok: true });
    expect(book.asks(2)).toEqual([
      ['45285.2', '0.50000000'],
      ['45286.6', '1.54571109'],
    ]);
    expect(book.asks()).toHaveLength(9);
  });

  it('applies two updates for the same price in one message in order', () => {
    const { book, view } = freshBook();
    const frame = updateFor(
      view,
      [
        ['45283.5', '5.0'],
        ['45283.5', '0.25'],
      ],
      [],
    );
    expect(book.apply(frame).ok).toBe(true);
    expect(book.bids(1)).toEqual([['45283.5', '0.25000000']]);
  });

  it('accepts an update that carries one side only', () => {
    const { book, view } = freshBook();
    updateFor(view, [], [['45285.2', '3']]);
    const text = `{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","asks":[{"price":45285.2,"qty":3}],"checksum":${spotBookChecksum(view.asks, view.bids)},"timestamp":"t"}]}`;
    expect(book.apply(text)).toEqual({ ok: true });
  });

  // docs/reliability.md D3: `105944.20` / `0.00100000` arrive as JSON numbers; the zero is part of the checksum.
  it('D3: keeps 105944.20 and 0.00100000 exact at the pair precision (never a float round-trip)', () => {
    const book = new SpotOrderBook({ symbol: 'BTC/USD', depth: 10, pricePrecision: 2, qtyPrecision: 8 });
    const bids: Level[] = [['105944.20', '0.00100000']];
    const asks: Level[] = [['105944.30', '0.13600000']];
    expect(spotBookChecksum(asks, bids)).not.toBe(spotBookChecksum([['105944.3', '0.136']], [['105944.2', '0.001']]));
    expect(book.apply(validSnapshot('BTC/USD', bids, asks))).toEqual({ ok: true });
    expect(book.bids()).toEqual([['105944.20', '0.00100000']]);
  });

  it('decodes pretty-printed frames and any key order (the general path, not the compact prefix)', () => {
    const compact = validSnapshot('BTC/USD', BTC_BIDS, BTC_ASKS);
    const pretty = JSON.stringify(JSON.parse(compact), null, 2); // also drops trailing zeros: re-scaled
    const reordered = pretty.replace('"channel": "book",', '').replace(/\}\s*$/, ',"channel":"book"}');
    for (const text of [pretty, reordered]) {
      const book = new SpotOrderBook(OPTS);
      expect(book.apply(text)).toEqual({ ok: true });
      expect(book.bids(1)).toEqual([['45283.5', '0.10000000']]);
    }
  });

  it('holds quantities beyond 2^53 at the scaled precision exactly', () => {
    const book = new SpotOrderBook({ symbol: 'PEPE/USD', depth: 10, pricePrecision: 9, qtyPrecision: 8 });
    const bids: Level[] = [['0.000012345', '123456789012.12345678']];
    const asks: Level[] = [['0.000012346', '1.00000000']];
    const snap = spotFrame('snapshot', 'PEPE/USD', bids, asks, spotBookChecksum(asks, bids));
    expect(book.apply(snap)).toEqual({ ok: true });
    expect(book.bids()).toEqual([['0.000012345', '123456789012.12345678']]);
  });

  it('a new snapshot replaces the whole book', () => {
    const { book } = freshBook();
    expect(book.apply(validSnapshot('BTC/USD', [['100.0', '1.00000000']], [['101.0', '2.00000000']])).ok).toBe(true);
    expect(book.bids()).toEqual([['100.0', '1.00000000']]);
    expect(book.asks()).toEqual([['101.0', '2.00000000']]);
  });
});

describe('SpotOrderBook: desync handling (docs/reliability.md D1, D4, D6)', () => {
  it('D1: a checksum mismatch invalidates at once; reads throw KrakenStateError; a snapshot revalidates', () => {
    const onResync = vi.fn();
    const { book, view } = freshBook({ onResync });
    const good = updateFor(view, [['45283.5', '0.2']], []);
    const bad = good.replace('"qty":0.2', '"qty":0.3');
    const r = book.apply(bad);
    expect(r).toEqual({ ok: false, reason: 'checksum-mismatch' });
    expect(book.isValid).toBe(false);
    expect(book.needsResync).toBe(true);
    expect(book.checksum).toBeUndefined();
    expect(() => book.bids()).toThrow(KrakenStateError);
    expect(() => book.asks(1)).toThrow(/invalid \(checksum-mismatch\)/);
    expect(onResync).toHaveBeenCalledTimes(1);
    expect(onResync.mock.calls[0]![0]).toMatchObject({ symbol: 'BTC/USD', reason: 'checksum-mismatch' });
    // later updates are dropped until a snapshot arrives, and do not re-request
    expect(book.apply(good)).toEqual({ ok: false, reason: 'awaiting-snapshot' });
    expect(onResync).toHaveBeenCalledTimes(1);
    expect(book.apply(validSnapshot('BTC/USD', BTC_BIDS, BTC_ASKS))).toEqual({ ok: true });
    expect(book.isValid).toBe(true);
    expect(book.needsResync).toBe(false);
  });

  it('D4: a crossed book after the whole message is a desync', () => {
    const { book, view } = freshBook();
    // an ask below the best bid; the frame's checksum is "correct" for the crossed view
    const r = book.apply(updateFor(view, [], [['45283.0', '1.0']]));
    expect(r).toEqual({ ok: false, reason: 'crossed-book' });
    expect(book.isValid).toBe(false);
    expect(book.needsResync).toBe(true);
  });

  it('D4: a message that crosses midway but not at the end is fine', () => {
    const { book, view } = freshBook();
    // ask 45283.0 crosses the 45283.5 bid until that bid is deleted later in the same message
    const frame = updateFor(
      view,
      [
        ['45283.5', '0'],
        ['45283.4', '0'],
      ],
      [['45283.0', '1.0']],
    );
    const asksFirst = frame.replace(/"bids":(\[.*?\]),"asks":(\[.*?\])/, '"asks":$2,"bids":$1');
    expect(book.apply(asksFirst)).toEqual({ ok: true });
    expect(book.asks(1)).toEqual([['45283.0', '1.00000000']]);
  });

  it.each([
    ['malformed JSON', '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD",'],
    [
      'negative qty',
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":1.0,"qty":-1}],"asks":[],"checksum":1}]}',
    ],
    [
      'finer than qty precision',
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":1.0,"qty":0.000000001}],"asks":[],"checksum":1}]}',
    ],
    [
      'finer than price precision',
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":1.05,"qty":1}],"asks":[],"checksum":1}]}',
    ],
    ['NaN token', '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":NaN,"qty":1}],"asks":[],"checksum":1}]}'],
    [
      '400-digit number',
      `{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":${'9'.repeat(400)},"qty":1}],"asks":[],"checksum":1}]}`,
    ],
    [
      'null qty',
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":1.0,"qty":null}],"asks":[],"checksum":1}]}',
    ],
    ['missing checksum', '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[],"asks":[]}]}'],
    ['unknown type', '{"channel":"book","type":"delta","data":[{"symbol":"BTC/USD","bids":[],"asks":[],"checksum":1}]}'],
    [
      'price of zero',
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":0,"qty":1}],"asks":[],"checksum":1}]}',
    ],
    ['deep nesting', `{"channel":"book","type":"update","x":${'['.repeat(10_000)}${']'.repeat(10_000)},"data":[]}`],
    ['trailing garbage', `${validSnapshot('BTC/USD', BTC_BIDS, BTC_ASKS)}x`],
    ['a second channel key after data', `${validSnapshot('BTC/USD', BTC_BIDS, BTC_ASKS).slice(0, -1)},"channel":"trade"}`],
  ])('D6: %s invalidates the book and asks for a resync', (_name, text) => {
    const onResync = vi.fn();
    const { book } = freshBook({ onResync });
    const r = book.apply(text);
    expect(r.ok).toBe(false);
    expect(r.reason).toBe('invalid-message');
    expect(r.detail).toEqual(expect.any(String));
    expect(book.isValid).toBe(false);
    expect(onResync).toHaveBeenCalledTimes(1);
  });

  it('D6: a parsed object with a float that needs more precision than the pair has is refused', () => {
    const { book } = freshBook();
    const msg = JSON.parse(validSnapshot('BTC/USD', BTC_BIDS, BTC_ASKS)) as { data: [{ bids: { price: number }[] }] };
    msg.data[0].bids[0]!.price = 0.1 + 0.2;
    expect(book.apply(msg).reason).toBe('invalid-message');
  });

  it('frames for another symbol or channel change nothing', () => {
    const { book } = freshBook();
    expect(book.apply(validSnapshot('ETH/USD', [['1.0', '1']], [['2.0', '1']]))).toEqual({ ok: false, reason: 'symbol-mismatch' });
    expect(book.apply('{"channel":"heartbeat"}')).toEqual({ ok: false, reason: 'not-book-message' });
    expect(book.apply({ channel: 'trade', type: 'update', data: [] })).toEqual({ ok: false, reason: 'not-book-message' });
    expect(book.isValid).toBe(true);
    expect(book.bids(1)).toEqual([['45283.5', '0.10000000']]);
  });

  it('an update before any snapshot is dropped as awaiting-snapshot without a resync', () => {
    const onResync = vi.fn();
    const book = new SpotOrderBook({ ...OPTS, onResync });
    expect(book.apply(spotFrame('update', 'BTC/USD', [['1.0', '1']], [], 0))).toEqual({ ok: false, reason: 'awaiting-snapshot' });
    expect(book.needsResync).toBe(false);
    expect(onResync).not.toHaveBeenCalled();
    expect(() => book.bids()).toThrow(/no snapshot yet/);
  });

  it('a bad snapshot (the answer to a resubscribe) asks again', () => {
    const onResync = vi.fn();
    let now = 0;
    const { book } = freshBook({ onResync, clock: () => now });
    const bad = spotFrame('snapshot', 'BTC/USD', BTC_BIDS, BTC_ASKS, 1);
    expect(book.apply(bad).reason).toBe('checksum-mismatch');
    now += 1000;
    expect(book.apply(bad).reason).toBe('checksum-mismatch');
    expect(onResync).toHaveBeenCalledTimes(2);
  });
});

describe('SpotOrderBook: resync rate cap and strikes', () => {
  it('caps resync requests at 6 per minute; a deferred one is handed out once the window allows', () => {
    let now = 1_000_000;
    const requests: string[] = [];
    const warnings: string[] = [];
    const book = new SpotOrderBook({
      ...OPTS,
      clock: () => now,
      onResync: (r) => requests.push(r.reason),
      onWarning: (w) => warnings.push(w),
    });
    const bad = spotFrame('snapshot', 'BTC/USD', BTC_BIDS, BTC_ASKS, 1);
    for (let i = 0; i < 8; i++) {
      book.apply(bad);
      now += 1000;
    }
    expect(requests).toHaveLength(6);
    expect(warnings).toHaveLength(1); // one alert per capped window, not one per refused frame
    expect(warnings[0]).toMatch(/BTC\/USD: resync rate cap \(6 per 60000 ms\) reached/);
    expect(book.needsResync).toBe(true);
    const at = book.nextResyncAtMs()!;
    expect(at).toBeGreaterThan(now);
    expect(book.pollResync()).toBeUndefined();
    now = at;
    expect(book.pollResync()).toMatchObject({ symbol: 'BTC/USD', reason: 'checksum-mismatch' });
    expect(requests).toHaveLength(7);
    expect(book.pollResync()).toBeUndefined(); // handed out once
  });

  it('the cap is configurable', () => {
    let now = 0;
    const onResync = vi.fn();
    const book = new SpotOrderBook({ ...OPTS, clock: () => now, onResync, maxResyncs: 1, resyncWindowMs: 10_000 });
    const bad = spotFrame('snapshot', 'BTC/USD', BTC_BIDS, BTC_ASKS, 1);
    book.apply(bad);
    book.apply(bad);
    expect(onResync).toHaveBeenCalledTimes(1);
    now = 10_001;
    book.apply('{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[],"asks":[],"checksum":1}]}');
    expect(onResync).toHaveBeenCalledTimes(2); // the deferred request went out on the next apply
  });

  it('disables itself after N strikes with one warning; enable() re-arms it', () => {
    let now = 0;
    const warnings: string[] = [];
    const onResync = vi.fn();
    const book = new SpotOrderBook({ ...OPTS, clock: () => now, onResync, disableAfterStrikes: 2, onWarning: (w) => warnings.push(w) });
    const bad = spotFrame('snapshot', 'BTC/USD', BTC_BIDS, BTC_ASKS, 1);
    for (let i = 0; i < 4; i++) {
      book.apply(bad);
      now += 20_000;
    }
    expect(book.isDisabled).toBe(true);
    expect(book.needsResync).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/BTC\/USD disabled after 3 desyncs/);
    expect(onResync).toHaveBeenCalledTimes(2);
    expect(book.apply(validSnapshot('BTC/USD', BTC_BIDS, BTC_ASKS))).toEqual({ ok: false, reason: 'disabled' });
    book.enable();
    expect(book.apply(validSnapshot('BTC/USD', BTC_BIDS, BTC_ASKS))).toEqual({ ok: true });
  });
});

describe('SpotOrderBook: options', () => {
  it.each([
    [{ depth: 15 }, '/depth'],
    [{ symbol: '' }, '/symbol'],
    [{ pricePrecision: -1 }, '/pricePrecision'],
    [{ qtyPrecision: 1.5 }, '/qtyPrecision'],
  ])('rejects %o with KrakenValidationError', (bad, path) => {
    try {
      new SpotOrderBook({ ...OPTS, ...bad });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KrakenValidationError);
      expect((e as KrakenValidationError).issues[0]!.path).toBe(path);
    }
  });
});
