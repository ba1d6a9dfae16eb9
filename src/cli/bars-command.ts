/**
 * `krakenkit bars SYMBOL --interval 1m --from DATE [--to DATE] --out FILE.csv|FILE.parquet`
 *
 * Final bars of one instrument over any range. The range is read in windows of `windowBars`
 * bars (Kraken's OHLC endpoint keeps only the latest 720 candles; older Spot bars are built by the
 * adapter from public trades, paged), each window appended to a partial file with a resume state
 * beside it (bar-files.ts): Ctrl-C stops after saving what is done, and the same command run
 * again continues from there. A progress bar with an ETA is drawn on a terminal.
 */
import { extname } from 'node:path';
import { systemClock, type Clock } from '../core/clock.js';
import { BarType, type Bar } from '../model/bar.js';
import { loadCatalog, resolveInstrument } from './catalog.js';
import {
  appendWindow,
  barFilesFor,
  finishOutput,
  readResume,
  startFresh,
  trimToState,
  type BarsRequestKey,
  type ResumeState,
} from './bar-files.js';
import { CliInterruptedError, CliUsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { ProgressBar } from './progress.js';
import type { CliVenue } from './venue.js';

export interface BarsOptions {
  readonly interval: string;
  readonly from: string;
  readonly to?: string;
  readonly out: string;
  /** Bars per request window (default 720, Kraken's OHLC window). */
  readonly windowBars?: number;
  /** Start over even when a resume state for another request is present. */
  readonly restart?: boolean;
  /** Aborting stops after the current request; what is done stays resumable. */
  readonly signal?: AbortSignal;
  readonly clock?: Clock;
}

export interface BarsResult {
  readonly out: string;
  readonly rows: number;
  readonly resumedFromMs: number | null;
}

const UNIT_MINUTES: Readonly<Record<string, number>> = { m: 1, h: 60, d: 1440, w: 10080 };

/** `1m`, `15m`, `1h`, `4h`, `1d`, `1w`, `15d` (or a number of minutes) → minutes. */
export function intervalMinutes(text: string): number {
  const m = /^(\d+)([mhdw]?)$/.exec(text.trim());
  const minutes = m === null ? NaN : Number(m[1]) * (UNIT_MINUTES[m[2] || 'm'] ?? NaN);
  if (!Number.isSafeInteger(minutes) || minutes <= 0)
    throw new CliUsageError(`--interval ${text}: use a length such as 1m, 5m, 15m, 1h, 4h, 1d or 1w`);
  return minutes;
}

/** An ISO date or date-time (UTC unless it names a zone), or a time before now: `-90m`, `-12h`, `-3d`. */
export function parseWhen(text: string, flag: string, nowMs: number): number {
  const rel = /^-(\d+)([mhdw])$/.exec(text.trim());
  if (rel !== null) return nowMs - Number(rel[1]) * (UNIT_MINUTES[rel[2]!] ?? 0) * 60_000;
  const iso = /^\d{4}-\d{2}-\d{2}T[^Z+]*$/.test(text) && !/[+-]\d{2}:?\d{2}$/.test(text) ? `${text}Z` : text;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(iso) : NaN;
  if (!Number.isFinite(ms))
    throw new CliUsageError(`${flag} ${text}: use a date (2026-01-31), a UTC date-time (2026-01-31T12:00) or -90m/-12h/-3d`);
  return ms;
}

function formatOf(out: string): 'csv' | 'parquet' {
  const ext = extname(out).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.parquet') return 'parquet';
  throw new CliUsageError(`--out ${out}: the file must end in .csv or .parquet`);
}

export async function runBarsCommand(venue: CliVenue, symbol: string, options: BarsOptions, io: CliIo): Promise<BarsResult> {
  const clock = options.clock ?? systemClock;
  const format = formatOf(options.out);
  const minutes = intervalMinutes(options.interval);
  const intervalMs = minutes * 60_000;
  const nowMs = clock.nowMs();
  const windowBars = options.windowBars ?? 720;
  if (!Number.isSafeInteger(windowBars) || windowBars < 1) throw new CliUsageError('--window must be a positive number of bars');
  // Whole intervals only: the first bar opens at or after --from, the last closes at or before --to.
  const fromMs = Math.ceil(parseWhen(options.from, '--from', nowMs) / intervalMs) * intervalMs;
  const toMs = Math.floor((options.to === undefined ? nowMs : parseWhen(options.to, '--to', nowMs)) / intervalMs) * intervalMs;
  if (toMs <= fromMs) throw new CliUsageError(`--from must be at least one ${options.interval} interval before --to`);

  const catalog = await loadCatalog(venue);
  const entry = resolveInstrument(catalog, symbol);
  const barType = BarType.fromStr(`${entry.instrument.id.toString()}-${minutes}-MINUTE-LAST-EXTERNAL`);
  const request = (start: number, end: number): Promise<Bar[]> => {
    const range = { start: BigInt(start) * 1_000_000n, end: BigInt(end) * 1_000_000n };
    if (entry.product === 'futures') return catalog.futures!.requestBars(barType, range);
    return catalog.spot!.requestBars(barType, range, {
      onProgress: () => {
        if (options.signal?.aborted === true) throw new CliInterruptedError('bars interrupted');
      },
    });
  };

  const files = barFilesFor(options.out);
  const key: BarsRequestKey = { instrumentId: entry.instrument.id.toString(), barType: barType.toString(), fromMs, toMs };
  const saved = readResume(files, key);
  if (saved === 'mismatch' && options.restart !== true)
    throw new CliUsageError(`${files.resume} is from another bars request for ${options.out}: pass --restart to start over`);
  let state: ResumeState;
  let resumedFromMs: number | null = null;
  if (saved === null || saved === 'mismatch') state = startFresh(files, key);
  else {
    state = saved;
    resumedFromMs = saved.nextMs;
    trimToState(files, state);
    io.err(`resuming ${options.out} from ${new Date(saved.nextMs).toISOString()} (${saved.rows} bars already saved)`);
  }

  const progress = new ProgressBar({ ...(io.tty === undefined ? {} : { tty: io.tty }), line: (t) => io.err(t) }, clock);
  const total = toMs - fromMs;
  try {
    while (state.nextMs < toMs) {
      if (options.signal?.aborted === true) throw new CliInterruptedError('bars interrupted');
      const end = Math.min(state.nextMs + windowBars * intervalMs, toMs);
      // Bars wholly inside [start, end]: the last one closes exactly at `end`, the next window's first opens there.
      const bars = await request(state.nextMs, end);
      state = appendWindow(files, state, bars, intervalMs, end);
      progress.update((state.nextMs - fromMs) / total, `${state.rows} bars to ${new Date(state.nextMs).toISOString()}`);
    }
  } catch (err) {
    progress.finish();
    if (err instanceof CliInterruptedError || options.signal?.aborted === true) {
      io.err(`interrupted: ${state.rows} bars saved; run the same command again to resume`);
      throw err instanceof CliInterruptedError ? err : new CliInterruptedError('bars interrupted', { cause: err });
    }
    io.err(`stopped by an error: ${state.rows} bars saved; run the same command again to resume`);
    throw err;
  }
  progress.finish();
  finishOutput(files, state, options.out, format);
  io.err(`${state.rows} ${options.interval} bars of ${key.instrumentId} written to ${options.out}`);
  return { out: options.out, rows: state.rows, resumedFromMs };
}
