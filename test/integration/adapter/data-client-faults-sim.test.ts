/**
 * The data client survives the simulator's faults without ever showing a wrong book: a dropped
 * connection replays every subscription and resyncs every book; a bad checksum, a lost book frame
 * and a Futures seq gap each cost exactly one resync, announced to consumers as one invalidation
 * (an empty book awaiting a snapshot) with nothing from the invalid book, then a full snapshot.
 * The simulator's market only moves when the test steps it, so nothing trades while a
 * connection is down and every count still matches the venue's exactly afterwards. The tests share
 * one connected client (its start is the expensive part), so each asserts only on what changed
 * during it: counters, records and fired faults are compared with where they stood at its start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BarType } from '../../../src/model/bar.js';
import type { InstrumentId } from '../../../src/model/identifiers.js';
import type { FiredFaultKind } from '../../../src/sim/index.js';
import { startTestSim, type TestSim } from '../sim/helpers.js';
import { BTCUSD, ETHBTC, PAIR, PF, VenueLog, sidesOf, startDataRig, waitFor, type DataRig, type Recorder } from './data-client-rig.js';

const DEPTHS: Record<string, number> = { 'BTC/USD.KRAKEN': 10, 'ETH/BTC.KRAKEN': 100 };
const BAR = BarType.fromStr('BTC/USD.KRAKEN-1-MINUTE-LAST-EXTERNAL');
const SPOT = [BTCUSD, ETHBTC];

let sim: TestSim;
let rig: DataRig;
let venue: VenueLog;
/** Snapshots the strategy receives besides the venue's updates: one per (re)subscription. */
const replays = { spot: 1, futures: 1 };

async function plan(s: Recorder): Promise<void> {
  for (const id of SPOT) {
    await s.subscribeQuoteTicks(id);
    await s.subscribeTradeTicks(id);
    await s.subscribeOrderBookDeltas(id, { depth: DEPTHS[id.toString()] as number });
  }
  await s.subscribeBars(BAR);
  await s.subscribeMarkPrices(PF);
  await s.subscribeOrderBookDeltas(PF, { depth: 10 });
}

const booksMatch = (): boolean =>
  SPOT.every((id) => {
    const views = venue.bookViews.get(id.toString()) as string[][][];
    return (
      rig.client.bookState(id)?.valid === true && JSON.stringify(sidesOf(rig.node.cache.orderBook(id))) === JSON.stringify(views.at(-1))
    );
  }) &&
  rig.client.bookState(PF)?.valid === true &&
  JSON.stringify(sidesOf(rig.node.cache.orderBook(PF))) === JSON.stringify(venue.futuresView('PF_XBTUSD', 10));

/** Every frame of the last step has reached the strategy, and every book is valid and equal to the venue's. */
async function settle(): Promise<void> {
  const s = rig.strategy;
  await waitFor('the strategy to catch up with the venue', () => {
    for (const id of SPOT.map(String)) {
      if ((s.quotes.get(id)?.length ?? 0) !== replays.spot + (venue.bboChanges.get(id)?.length ?? 0)) return false;
      if ((s.trades.get(id)?.length ?? 0) !== (venue.trades.get(id)?.length ?? 0)) return false;
    }
    return s.marks.length === replays.futures + venue.futuresTickers.length && booksMatch();
  });
}

async function step(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    sim.advance(1000);
    await settle();
  }
}

/** Steps the market (without settling: a book may be behind until its desync is detected) until `done()`. */
async function stepUntil(what: string, done: () => boolean): Promise<void> {
  for (let i = 0; i < 60 && !done(); i++) {
    sim.advance(1000);
    await waitFor(`${what}: the step's frames`, () => rig.strategy.marks.length === replays.futures + venue.futuresTickers.length);
  }
  expect(done(), what).toBe(true);
}

const fired = (kind: FiredFaultKind) => sim.faults.fired.filter((f) => f.kind === kind).length;
const firedBefore = (kind: FiredFaultKind, before: number) => sim.faults.fired.slice(0, before).filter((f) => f.kind === kind).length;
const counters = (id: InstrumentId) => {
  const s = rig.client.bookState(id)!;
  return { resyncs: s.resyncs, invalidations: s.invalidations };
};
const total = (ids: readonly InstrumentId[]) =>
  ids.map(counters).reduce((a, b) => ({ resyncs: a.resyncs + b.resyncs, invalidations: a.invalidations + b.invalidations }));

/** Where each book's record stream stands now, so a test checks only the messages of its own fault. */
const bookMarks = (): Map<string, number> =>
  new Map([...SPOT, PF].map((id) => [id.toString(), rig.strategy.books.get(id.toString())?.length ?? 0]));

/** After each invalidation since `from`, the very next message is a full snapshot; between them the consumer holds nothing. */
function expectNoStaleRead(id: InstrumentId, from: Map<string, number>): number {
  const records = rig.strategy.books.get(id.toString())!;
  let invalidations = 0;
  for (const [i, r] of records.entries()) {
    if (i < (from.get(id.toString()) ?? 0) || !r.deltas.isInvalidation) continue;
    invalidations++;
    expect(r.deltas.deltas.map((d) => d.action)).toEqual(['CLEAR']);
    expect([r.state, r.awaitingSnapshot]).toEqual([[[], []], true]);
    expect(records[i + 1]?.deltas.isSnapshot, `${id.toString()}: the message after invalidation ${invalidations}`).toBe(true);
  }
  return invalidations;
}

/** The faults that fired since `from` (an index into `sim.faults.fired`), sorted by kind. */
const firedSince = (from: number): string[] =>
  sim.faults.fired
    .slice(from)
    .map((f) => f.kind)
    .sort();

/** After every message on a Spot book, the consumer holds either nothing (awaiting a snapshot) or a book the venue had. */
function expectOnlyVenueBooks(id: InstrumentId): void {
  const views = (venue.bookViews.get(id.toString()) as string[][][]).map((v) => JSON.stringify(v));
  let at = 0;
  for (const [i, r] of rig.strategy.books.get(id.toString())!.entries()) {
    if (r.awaitingSnapshot) continue;
    const found = views.indexOf(JSON.stringify(r.state), at);
    expect(found, `${id.toString()} message ${i}`).toBeGreaterThanOrEqual(0);
    at = found;
  }
}

beforeAll(async () => {
  sim = await startTestSim();
  rig = await startDataRig(sim, plan);
  venue = new VenueLog(sim, DEPTHS);
  await settle();
  await step(5);
}, 120_000);

afterAll(async () => {
  venue.off();
  if (rig.node.state === 'RUNNING') await rig.node.stop();
  await sim.close();
});

describe('KrakenDataClient under simulator faults', () => {
  it('Spot connection dropped (1006): every book invalidated at once, every subscription replayed, books resynced from the replayed snapshots', async () => {
    const marks = bookMarks();
    const firedFrom = sim.faults.fired.length;
    const counted = new Map(SPOT.map((id) => [id.toString(), counters(id)]));
    const before = rig.strategy.books.get('BTC/USD.KRAKEN')!.length;
    sim.faults.closeWs('spot-public', 1006);
    replays.spot++;
    await settle(); // the replayed ticker snapshots arrive, the books are valid and equal again
    for (const id of SPOT) {
      const after = rig.strategy.books.get(id.toString())!;
      expect(after.slice(-2).map((r) => (r.deltas.isInvalidation ? 'invalid' : r.deltas.isSnapshot ? 'snapshot' : 'update'))).toEqual([
        'invalid',
        'snapshot',
      ]);
      const was = counted.get(id.toString())!;
      const now = counters(id);
      expect({ resyncs: now.resyncs - was.resyncs, invalidations: now.invalidations - was.invalidations }).toEqual({
        resyncs: 0,
        invalidations: 1,
      });
    }
    expect(rig.strategy.books.get('BTC/USD.KRAKEN')!.length).toBe(before + 2);
    expect(SPOT.map((id) => expectNoStaleRead(id, marks))).toEqual([1, 1]);
    expect(firedSince(firedFrom)).toEqual(['ws-close']);
    // trades, quotes, books and bars flow again on the new connection, still exactly the venue's
    await step(65);
    const bars = rig.strategy.bars.filter((b) => b.bar.barType.equals(BAR));
    expect(bars.length).toBeGreaterThanOrEqual(1);
    const candles = sim.engine.spot.ohlc(PAIR['BTC/USD.KRAKEN'] as string, 1);
    for (const { bar } of bars) {
      const c = candles.find((x) => BigInt(x.intervalBeginMs + 60_000) * 1_000_000n === bar.tsEvent)!;
      expect(`${bar.open.toString()}|${bar.close.toString()}|${bar.volume.toString()}`).toBe(`${c.open}|${c.close}|${c.volume}`);
    }
    expect(new Set(bars.map((b) => b.bar.tsEvent)).size).toBe(bars.length);
    for (const id of SPOT) expectOnlyVenueBooks(id);
  });

  it('Futures connection dropped: the book invalidated and resynced, the ticker feed replayed', async () => {
    const marks = bookMarks();
    const firedFrom = sim.faults.fired.length;
    const was = counters(PF);
    sim.faults.closeWs('futures', 1006);
    replays.futures++;
    await settle();
    const now = counters(PF);
    expect({ resyncs: now.resyncs - was.resyncs, invalidations: now.invalidations - was.invalidations }).toEqual({
      resyncs: 0,
      invalidations: 1,
    });
    await step(3);
    expect(expectNoStaleRead(PF, marks)).toBe(1);
    expect(firedSince(firedFrom)).toEqual(['ws-close']);
  });

  it('a bad checksum: exactly one resync and one invalidation, nothing from the invalid book reaches the consumer', async () => {
    const marks = bookMarks();
    const firedFrom = sim.faults.fired.length;
    const before = total(SPOT);
    sim.faults.corruptBookChecksum(1);
    await stepUntil('the bad checksum to be sent', () => fired('ws-bad-checksum') === firedBefore('ws-bad-checksum', firedFrom) + 1);
    await settle();
    await step(3);
    const after = total(SPOT);
    expect({ resyncs: after.resyncs - before.resyncs, invalidations: after.invalidations - before.invalidations }).toEqual({
      resyncs: 1,
      invalidations: 1,
    });
    expect(SPOT.map((id) => rig.client.bookState(id)?.lastInvalidReason)).toContain('checksum-mismatch');
    expect(SPOT.map((id) => expectNoStaleRead(id, marks)).reduce((a, b) => a + b)).toBe(1);
    for (const id of SPOT) expectOnlyVenueBooks(id);
    expect(firedSince(firedFrom)).toEqual(['ws-bad-checksum']);
  });

  it('a lost book frame: the next frame is refused (checksum or crossed book), one resync, the consumer never holds the wrong book', async () => {
    const marks = bookMarks();
    const firedFrom = sim.faults.fired.length;
    const before = total(SPOT);
    sim.faults.dropWsMessages('spot-public', 'book', 1);
    await stepUntil('the book frame to be lost', () => fired('ws-drop') === firedBefore('ws-drop', firedFrom) + 1);
    // the book is silently behind until its next frame arrives, whose checksum then fails
    await stepUntil('the desync to be detected', () => total(SPOT).resyncs > before.resyncs);
    await settle();
    await step(3);
    const after = total(SPOT);
    expect({ resyncs: after.resyncs - before.resyncs, invalidations: after.invalidations - before.invalidations }).toEqual({
      resyncs: 1,
      invalidations: 1,
    });
    // The frame after the lost one is refused by whichever check it fails first: its checksum, or,
    // when the missed update removed a level that the new one crosses, the crossed-book check.
    const resynced = SPOT.find(
      (id) => counters(id).resyncs > 0 && ['checksum-mismatch', 'crossed-book'].includes(rig.client.bookState(id)?.lastInvalidReason ?? ''),
    );
    expect(resynced).toBeDefined();
    expect(SPOT.map((id) => expectNoStaleRead(id, marks)).reduce((a, b) => a + b)).toBe(1);
    for (const id of SPOT) expectOnlyVenueBooks(id);
    expect(firedSince(firedFrom)).toEqual(['ws-drop']);
  });

  it('a Futures seq gap: exactly one resync and one invalidation, then a snapshot', async () => {
    const marks = bookMarks();
    const firedFrom = sim.faults.fired.length;
    const before = counters(PF);
    sim.faults.futuresSeqGap(1);
    await stepUntil('the seq gap to be sent', () => fired('ws-seq-gap') === firedBefore('ws-seq-gap', firedFrom) + 1);
    await settle();
    await step(3);
    const after = counters(PF);
    expect({ resyncs: after.resyncs - before.resyncs, invalidations: after.invalidations - before.invalidations }).toEqual({
      resyncs: 1,
      invalidations: 1,
    });
    expect(rig.client.bookState(PF)?.lastInvalidReason).toBe('seq-gap');
    expect(expectNoStaleRead(PF, marks)).toBe(1);
    expect(firedSince(firedFrom)).toEqual(['ws-seq-gap']);
  });
});
