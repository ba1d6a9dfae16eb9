/**
 * `krakenkit bars` against a simulator holding 15 hours of seeded trades: CSV and Parquet read
 * back and compared with 1-minute bars built here, independently, from the simulator's own trade
 * tape (most of the range is older than the 720-candle OHLC window, so the adapter pages trades);
 * an interrupted run resumes where it stopped and ends with the same file.
 */
import { mkdtempSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
import { Price, Quantity } from '../../src/model/values.js';
import type { PublicTrade } from '../../src/sim/index.js';
import { runBarsCommand, type BarsOptions } from '../../src/cli/bars-command.js';
import { CliInterruptedError } from '../../src/cli/exit-codes.js';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { venueOnSim, type CliVenue } from '../../src/cli/venue.js';
import { startTestSim, T0, type TestSim } from '../integration/sim/helpers.js';

const MIN = 60_000;
const PAIR = 'XXBTZUSD';
const MINUTES = 900;

let sim: TestSim;
let venue: CliVenue;
let tape: PublicTrade[];
let dir: string;

/** Seeded trades minute by minute: busy minutes, empty ones, several trades in one millisecond. */
function replayTape(s: TestSim): void {
  let seed = 11;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  let tenths = 600_000;
  for (let m = 1; m <= MINUTES; m++) {
    const n = rand() < 0.3 ? 0 : 1 + Math.floor(rand() * 4);
    const offsets = Array.from({ length: n }, () => Math.floor(rand() * 59_000) + 500).sort((a, b) => a - b);
    for (const [i, off] of offsets.entries()) {
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
  s.manual.set(T0 + (MINUTES + 1) * MIN + 20_000);
}

/** The CSV rows the bars must be, from the tape, without the adapter's code. */
function expectedRows(fromMs: number, untilMs: number): string[] {
  const out: string[] = [];
  let close: string | null = null;
  let i = 0;
  for (; i < tape.length && tape[i]!.timeMs < fromMs; i++) close = tape[i]!.price;
  for (let m = fromMs; m + MIN <= untilMs; m += MIN) {
    const inMinute: PublicTrade[] = [];
    for (; i < tape.length && tape[i]!.timeMs < m + MIN; i++) inMinute.push(tape[i]!);
    const iso = new Date(m).toISOString();
    if (inMinute.length === 0) {
      if (close !== null) out.push([iso, close, close, close, close, '0.00000000'].join(','));
      continue;
    }
    const prices = inMinute.map((t) => Price.fromStr(t.price));
    const high = prices.reduce((a, b) => (b.gt(a) ? b : a));
    const low = prices.reduce((a, b) => (b.lt(a) ? b : a));
    const volume = inMinute.reduce((v, t) => v.add(Quantity.fromStr(t.qty)), Quantity.fromRaw(0n, 8));
    close = inMinute[inMinute.length - 1]!.price;
    out.push([iso, inMinute[0]!.price, high.toString(), low.toString(), close, volume.toString()].join(','));
  }
  return out;
}

function quietIo(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (t) => void lines.push(t), err: (t) => void lines.push(t) };
}

const FROM = new Date(T0 + 10 * MIN).toISOString();
const TO = new Date(T0 + (MINUTES - 5) * MIN).toISOString();
const options = (out: string, extra: Partial<BarsOptions> = {}): BarsOptions => ({
  interval: '1m',
  from: FROM,
  to: TO,
  out,
  windowBars: 120,
  clock: sim.manual,
  ...extra,
});
const csvBody = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');

beforeAll(async () => {
  sim = await startTestSim({ market: false });
  replayTape(sim);
  tape = sim.engine.spot.recentTrades(PAIR, undefined, Number.MAX_SAFE_INTEGER);
  venue = venueOnSim(sim);
  dir = mkdtempSync(join(tmpdir(), 'krakenkit-bars-'));
}, 60_000);
afterAll(async () => {
  await venue.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('krakenkit bars', () => {
  it('writes every 1-minute bar of the range to CSV, exact, paged past the OHLC window', async () => {
    const out = join(dir, 'btc.csv');
    const r = await runBarsCommand(venue, 'BTC/USD', options(out), quietIo());
    const expected = expectedRows(T0 + 10 * MIN, T0 + (MINUTES - 5) * MIN);
    expect(expected).toHaveLength(MINUTES - 15);
    expect(csvBody(out)).toEqual(['open_time,open,high,low,close,volume', ...expected]);
    expect(r.rows).toBe(expected.length);
    expect(existsSync(`${out}.partial.csv`) || existsSync(`${out}.resume.json`)).toBe(false);
  }, 60_000);

  it('writes the same bars to Parquet: open time as a timestamp, prices and sizes as exact strings', async () => {
    const out = join(dir, 'btc.parquet');
    await runBarsCommand(venue, 'XBTUSD', options(out), quietIo());
    const buf = readFileSync(out);
    const rows = (await parquetReadObjects({
      file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
    })) as { open_time: Date; open: string; high: string; low: string; close: string; volume: string }[];
    const asCsv = rows.map((b) => [b.open_time.toISOString(), b.open, b.high, b.low, b.close, b.volume].join(','));
    expect(asCsv).toEqual(expectedRows(T0 + 10 * MIN, T0 + (MINUTES - 5) * MIN));
  }, 60_000);

  it('an interrupted run keeps what it saved and the same command resumes to the same file', async () => {
    const out = join(dir, 'resumed.csv');
    const abort = new AbortController();
    const io = quietIo();
    const firstIo: CliIo = { out: (t) => io.out(t), err: (t) => (io.err(t), t.startsWith('progress') ? abort.abort() : undefined) };
    await expect(runBarsCommand(venue, 'BTC/USD', options(out, { signal: abort.signal }), firstIo)).rejects.toBeInstanceOf(
      CliInterruptedError,
    );
    expect(existsSync(out)).toBe(false);
    const saved = JSON.parse(readFileSync(`${out}.resume.json`, 'utf8')) as { nextMs: number; rows: number };
    expect(saved.rows).toBe(120);
    expect(saved.nextMs).toBe(T0 + 130 * MIN);
    expect(io.lines.some((l) => /interrupted: 120 bars saved; run the same command again to resume/.test(l))).toBe(true);

    const again = quietIo();
    const r = await runBarsCommand(venue, 'BTC/USD', options(out), again);
    expect(r.resumedFromMs).toBe(T0 + 130 * MIN);
    expect(again.lines[0]).toMatch(/^resuming .*resumed\.csv from .* \(120 bars already saved\)$/);
    expect(csvBody(out)).toEqual(['open_time,open,high,low,close,volume', ...expectedRows(T0 + 10 * MIN, T0 + (MINUTES - 5) * MIN)]);
    expect(existsSync(`${out}.resume.json`)).toBe(false);
  }, 60_000);

  it('refuses a resume state from another request unless --restart, and a file that is neither CSV nor Parquet', async () => {
    const out = join(dir, 'other.csv');
    const abort = new AbortController();
    const io: CliIo = { out: () => undefined, err: (t) => (t.startsWith('progress') ? abort.abort() : undefined) };
    await expect(runBarsCommand(venue, 'BTC/USD', options(out, { signal: abort.signal }), io)).rejects.toBeInstanceOf(CliInterruptedError);
    await expect(runBarsCommand(venue, 'BTC/USD', options(out, { interval: '5m' }), quietIo())).rejects.toThrow(
      /pass --restart to start over/,
    );
    const r = await runBarsCommand(venue, 'BTC/USD', options(out, { interval: '5m', restart: true }), quietIo());
    expect(r.resumedFromMs).toBeNull();
    expect(await main(['bars', 'BTC/USD', '--interval', '1m', '--from', FROM, '--out', join(dir, 'x.json')], quietIo())).toBe(2);
  }, 60_000);
});
