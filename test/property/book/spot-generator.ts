/**
 * fast-check generators for Spot v2 book message sequences with correct checksums.
 *
 * A "venue" (the reference book) applies random changes and stamps each frame with the checksum
 * of its resulting view, exactly as Kraken would. Bids stay below a mid price and asks above, so
 * honest sequences never cross. Updates that would not change the view are not emitted, so every
 * frame is observable (needed for "a dropped frame is caught within one message").
 */
import fc from 'fast-check';
import { ReferenceBook, type Change, type Level } from './reference-book.js';

export const SYMBOL = 'XBT/TEST';

export interface Scenario {
  readonly depth: number;
  readonly pricePrecision: number;
  readonly qtyPrecision: number;
  /** Print numbers in shortest form (as the docs example does) instead of full precision. */
  readonly shortest: boolean;
  readonly snapshot: Change[];
  readonly updates: Change[][];
}

export interface Frame {
  readonly text: string;
  readonly changes: readonly Change[];
  readonly isSnapshot: boolean;
  /** The venue's book after this frame. */
  readonly after: ReferenceBook;
}

const MID = 50_000;

function decimalText(units: number, precision: number, shortest: boolean): string {
  const s = String(units).padStart(precision + 1, '0');
  let text = precision === 0 ? s : `${s.slice(0, s.length - precision)}.${s.slice(s.length - precision)}`;
  if (shortest && precision > 0) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text;
}

const changeArb = (pp: number, qp: number, shortest: boolean): fc.Arbitrary<Change> =>
  fc
    .record({
      bid: fc.boolean(),
      offset: fc.integer({ min: 1, max: 40 }),
      qtyUnits: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 5_000_000 }) }, { weight: 1, arbitrary: fc.constant(0) }),
    })
    .map(({ bid, offset, qtyUnits }) => ({
      side: bid ? ('bid' as const) : ('ask' as const),
      price: decimalText(bid ? MID - offset : MID + offset, pp, shortest),
      qty: decimalText(qtyUnits * (qtyUnits % 3 === 0 ? 10 ** Math.max(0, qp - 3) : 1), qp, shortest),
    }));

export const scenarioArb = (opts: { depths?: number[]; maxUpdates?: number } = {}): fc.Arbitrary<Scenario> =>
  fc
    .record({
      depth: fc.constantFrom(...(opts.depths ?? [10, 25])),
      pricePrecision: fc.constantFrom(0, 1, 2, 4),
      qtyPrecision: fc.constantFrom(0, 3, 8),
      shortest: fc.boolean(),
    })
    .chain((s) =>
      fc.record({
        depth: fc.constant(s.depth),
        pricePrecision: fc.constant(s.pricePrecision),
        qtyPrecision: fc.constant(s.qtyPrecision),
        shortest: fc.constant(s.shortest),
        snapshot: fc.array(changeArb(s.pricePrecision, s.qtyPrecision, s.shortest), { minLength: 2, maxLength: 40 }),
        updates: fc.array(fc.array(changeArb(s.pricePrecision, s.qtyPrecision, s.shortest), { minLength: 1, maxLength: 4 }), {
          minLength: 2,
          maxLength: opts.maxUpdates ?? 20,
        }),
      }),
    );

function levelsJson(changes: readonly Change[], side: 'bid' | 'ask'): string {
  return `[${changes
    .filter((c) => c.side === side)
    .map((c) => `{"price":${c.price},"qty":${c.qty}}`)
    .join(',')}]`;
}

export function frameText(type: 'snapshot' | 'update', changes: readonly Change[], checksum: number): string {
  return (
    `{"channel":"book","type":"${type}","data":[{"symbol":"${SYMBOL}","bids":${levelsJson(changes, 'bid')},` +
    `"asks":${levelsJson(changes, 'ask')},"checksum":${checksum},"timestamp":"2026-11-24T05:00:00.000000Z"}]}`
  );
}

/** Runs the venue over a scenario and returns the frames it would send. */
export function venueFrames(s: Scenario): Frame[] {
  const venue = new ReferenceBook(s.depth, s.pricePrecision, s.qtyPrecision);
  const snap = s.snapshot.filter((c) => Number(c.qty) !== 0);
  venue.snapshot(snap);
  const frames: Frame[] = [{ text: frameText('snapshot', snap, venue.checksum()), changes: snap, isSnapshot: true, after: venue.clone() }];
  for (const changes of s.updates) {
    const before = venue.clone();
    venue.update(changes);
    if (venue.equalsView(before)) continue;
    frames.push({ text: frameText('update', changes, venue.checksum()), changes, isSnapshot: false, after: venue.clone() });
  }
  return frames;
}

export function viewOf(ref: ReferenceBook): { bids: Level[]; asks: Level[] } {
  return { bids: ref.levels('bid'), asks: ref.levels('ask') };
}

export { decimalText };
