/**
 * Spot history through KrakenSpotHttpClient against the simulator over real sockets, after 15
 * simulated hours of trading (a seeded tape of trades replayed into the simulator: busy minutes,
 * empty minutes, several trades in one millisecond): bars older than the 720-candle OHLC window
 * come out complete and exact (checked against bars aggregated here, independently, from the
 * simulator's own trade tape, and against the OHLC endpoint where both reach), and trades and
 * the book are exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BarType, type Bar } from '../../../src/model/bar.js';
import { Price, Quantity } from '../../../src/model/values.js';
import type { PublicTrade } from '../../../src/sim/index.js';
import type { TradePagingProgress } from '../../../src/adapter/http/spot-trade-pages.js';
import { spotPublic, startTestSim, T0, type TestSim } from '../sim/helpers.js';
import { adapterRig, nsOf, type AdapterRig } from './helpers.js';

const MIN = 60_000;
const PAIR = 'XXBTZUSD';
const BAR_TYPE = BarType.fromStr('BTC/USD.KRAKEN-1-MINUTE-LAST-EXTERNAL');

let sim: TestSim;
let rig: AdapterRig;
let tape: PublicTrade[];
beforeAll(async () => {
  sim = await startTestSim({ market: false });
  replayTape(sim, 900);
  // Pages of 40 trades, so the history takes dozens of pages.
  rig = adapterRig(sim, { tradesPageSize: 40 });
  tape = sim.engine.spot.recentTrades(PAIR, undefined, Number.MAX_SAFE_INTEGER);
}, 60_000);

/** Prints a seeded tape on the simulator, minute by minute, and leaves the clock mid-minute after it. */
function replayTape(s: TestSim, minutes: number): void {
  let seed = 7;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  let tenths = 600_000; // 60000.0
  // A resting bid, so the book snapshot has something to show.
  s.engine.replay({
    kind: 'book_snapshot',
    pair: PAIR,
    bids: [
      { price: '59000.0', qty: '1.25000000' },
      { price: '58990.5', qty: '0.00100000' },
    ],
    asks: [{ price: '61000.0', qty: '2.00000000' }],
  });
  for (let m = 1; m <= minutes; m++) {
    const n = rand() < 0.35 ? 0 : 1 + Math.floor(rand() * 4);
    const offsets = Array.from({ length: n }, () => Math.floor(rand() * 59_000) + 500).sort((a, b) => a - b);
    for (const [i, off] of offsets.entries()) {
      // Some trades share the previous one's millisecond (a sweep through several levels).
      const at = i > 0 && rand() < 0.3 ? offsets[i - 1]! : off;
      offsets[i] = at;
      s.manual.set(T0 + m * MIN + at);
      tenths += Math.floor(rand() * 21) - 10;
      const qty = (1 + Math.floor(rand() * 5_000_000)).toString().padStart(9, '0');
      s.engine.replay({
        kind: 'trade',
        pair: PAIR,
        side: rand() < 0.5 ? 'buy' : 'sell',
        price: `${Math.floor(tenths / 10)}.${tenths % 10}`,
        qty: `${qty.slice(0, -8)}.${qty.slice(-8)}`,
      });
    }
  }
  s.manual.set(T0 + (minutes + 1) * MIN + 20_000);
}
afterAll(async () => {
  await rig.close();
  await sim.close();
});

/** What the bars must be, built here from the simulator's tape without the adapter's code. */
function expectedMinuteBars(fromMs: number, untilMs: number): string[] {
  const out: string[] = [];
  let close: string | null = null;
  let i = 0;
  for (; i < tape.length && tape[i]!.timeMs < fromMs; i++) close = tape[i]!.price;
  for (let m = fromMs; m + MIN <= untilMs; m += MIN) {
    const inMinute: PublicTrade[] = [];
    for (; i < tape.length && tape[i]!.timeMs < m + MIN; i++) inMinute.push(tape[i]!);
    if (inMinute.length === 0) {
      if (close !== null) out.push([m, close, close, close, close, '0.00000000'].join(','));
      continue;
    }
    const prices = inMinute.map((t) => Price.fromStr(t.price));
    const high = prices.reduce((a, b) => (b.gt(a) ? b : a));
    const low = prices.reduce((a, b) => (b.lt(a) ? b : a));
    const volume = inMinute.reduce((v, t) => v.add(Quantity.fromStr(t.qty)), Quantity.fromRaw(0n, 8));
    close = inMinute[inMinute.length - 1]!.price;
    out.push([m, inMinute[0]!.price, high.toString(), low.toString(), close, volume.toString()].join(','));
  }
  return out;
}

/** A candle row of the simulator's OHLC answer: time, open, high, low, close, vwap, volume, count. */
type OhlcRow = [number, string, string, string, string, string, string, number];
/** The OHLC result: the pair's rows under its key, and `last`, the newest committed candle's time. */
const ohlcResult = (answer: { result?: unknown }) =>
  answer.result as { readonly last: number; readonly [pair: string]: OhlcRow[] | number };

const barText = (b: Bar) =>
  [Number((b.tsEvent - 60_000_000_000n) / 1_000_000n), b.open, b.high, b.low, b.close, b.volume].map(String).join(',');

describe('requestBars (Spot) beyond the OHLC window', () => {
  it('returns the complete, exact 1-minute series, joined seamlessly to the OHLC candles', async () => {
    const ohlc = ohlcResult(await spotPublic(sim, 'OHLC', { pair: PAIR, interval: '1' }));
    const rows = ohlc[PAIR] as OhlcRow[];
    const windowStartMs = rows[0]![0] * 1000;
    const nowMinute = Math.floor(sim.clock.nowMs() / MIN) * MIN;
    expect(rows).toHaveLength(720);
    const startMs = T0 + 10 * MIN;
    expect(windowStartMs - startMs).toBeGreaterThan(150 * MIN); // well before what OHLC serves

    const progress: TradePagingProgress[] = [];
    const bars = await rig.spot.requestBars(
      BAR_TYPE,
      { start: nsOf(startMs), end: nsOf(sim.clock.nowMs()) },
      { onProgress: (p) => progress.push(p) },
    );

    const expected = expectedMinuteBars(startMs, nowMinute);
    expect(bars.map(barText)).toEqual(expected);
    expect(bars).toHaveLength((nowMinute - startMs) / MIN); // every minute, none missing, the forming one left out
    expect(bars.filter((b) => b.volume.isZero()).length).toBeGreaterThan(100); // empty minutes carry the close
    expect(bars.every((b) => b.barType.equals(BAR_TYPE) && b.open.precision === 1 && b.volume.precision === 8)).toBe(true);

    // Where the OHLC endpoint reaches, the bars are its candles exactly.
    const byOpen = new Map(bars.map((b) => [barText(b).split(',')[0], barText(b)]));
    const committed = rows.filter((r) => r[0] <= ohlc.last);
    expect(committed.length).toBe(719);
    for (const r of committed) expect(byOpen.get(String(r[0] * 1000))).toBe([r[0] * 1000, r[1], r[2], r[3], r[4], r[6]].join(','));

    // The trades before the window were read in pages, with progress reported on each (the first
    // pages looked back for the close that prices the empty minutes at the start).
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.map((p) => p.pages)).toEqual(progress.map((_, i) => progress[0]!.pages + i));
    expect(progress.map((p) => p.trades)).toEqual([...progress.map((p) => p.trades)].sort((a, b) => a - b));
    expect(progress[progress.length - 1]!.reachedNs! >= nsOf(windowStartMs)).toBe(true);
    expect(progress[progress.length - 1]!.targetNs).toBe(nsOf(windowStartMs));
  });

  it('serves a range inside the OHLC window from OHLC alone, and applies end and limit', async () => {
    const ohlc = ohlcResult(await spotPublic(sim, 'OHLC', { pair: PAIR, interval: '1' }));
    const rows = ohlc[PAIR] as OhlcRow[];
    const from = rows[100]![0] * 1000;
    const progress: TradePagingProgress[] = [];
    const bars = await rig.spot.requestBars(
      BAR_TYPE,
      { start: nsOf(from), end: nsOf(from + 30 * MIN), limit: 10 },
      { onProgress: (p) => progress.push(p) },
    );
    expect(progress).toEqual([]);
    expect(bars.map(barText)).toEqual(rows.slice(120, 130).map((r) => [r[0] * 1000, r[1], r[2], r[3], r[4], r[6]].join(',')));
    const old = await rig.spot.requestBars(BAR_TYPE, { start: nsOf(T0 + 30 * MIN), end: nsOf(T0 + 90 * MIN) });
    expect(old.map(barText)).toEqual(expectedMinuteBars(T0 + 30 * MIN, T0 + 90 * MIN));
  });

  it('refuses bar types Kraken does not serve, naming why', async () => {
    await expect(rig.spot.requestBars(BarType.fromStr('BTC/USD.KRAKEN-2-MINUTE-LAST-EXTERNAL'))).rejects.toThrow(
      /1, 5, 15, 30, 60, 240, 1440, 10080, 21600-minute bars/,
    );
    await expect(rig.spot.requestBars(BarType.fromStr('BTC/USD.KRAKEN-1-MINUTE-MID-EXTERNAL'))).rejects.toThrow(/LAST/);
    await expect(rig.spot.requestBars(BarType.fromStr('BTC/USD.KRAKEN-1-MINUTE-LAST-INTERNAL'))).rejects.toThrow(/INTERNAL/);
  });
});

describe('requestTradeTicks and requestOrderBookSnapshot (Spot)', () => {
  it('pages the exact trades of a range', async () => {
    const start = T0 + 100 * MIN;
    const end = T0 + 700 * MIN;
    const ticks = await rig.spot.requestTradeTicks('BTC/USD.KRAKEN', { start: nsOf(start), end: nsOf(end) });
    const want = tape.filter((t) => t.timeMs >= start && t.timeMs <= end);
    expect(want.length).toBeGreaterThan(120);
    expect(ticks.map((t) => [t.tradeId.value, t.price.toString(), t.size.toString(), t.aggressorSide, t.tsEvent])).toEqual(
      want.map((t) => [String(t.tradeId), t.price, t.qty, t.side === 'buy' ? 'BUYER' : 'SELLER', nsOf(t.timeMs)]),
    );
    const latest = await rig.spot.requestTradeTicks('BTC/USD.KRAKEN', { limit: 5 });
    expect(latest.map((t) => t.tradeId.value)).toEqual(tape.slice(-5).map((t) => String(t.tradeId)));
  });

  it('returns the Depth book as an exact snapshot', async () => {
    const snap = await rig.spot.requestOrderBookSnapshot('BTC/USD.KRAKEN', 10);
    const book = sim.engine.spot.depth(PAIR, 10);
    expect(snap.isSnapshot).toBe(true);
    const levels = snap.deltas.slice(1).map((d) => [d.order!.side, d.order!.price.toString(), d.order!.size.toString()]);
    expect(levels).toEqual([...book.bids.map((l) => ['BID', l.price, l.qty]), ...book.asks.map((l) => ['ASK', l.price, l.qty])]);
    expect(snap.deltas[snap.deltas.length - 1]!.flags).toBe(32 | 128);
  });
});
