/**
 * The files of `krakenkit bars`: rows are appended to `<out>.partial.csv` as each window of bars
 * arrives, and `<out>.resume.json` records how far that file reaches, so an interrupted run picks
 * up where it stopped. When the range is done the partial file becomes the CSV, or is written as
 * Parquet (prices and sizes as exact decimal strings, the open time as a millisecond timestamp).
 */
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parquetWriteFile } from 'hyparquet-writer';
import type { Bar } from '../model/bar.js';

export const BAR_CSV_HEADER = 'open_time,open,high,low,close,volume';

/** What a run was asked for: a resume file is only used for the same request. */
export interface BarsRequestKey {
  readonly instrumentId: string;
  readonly barType: string;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface ResumeState extends BarsRequestKey {
  /** Bars opening before this are in the partial file. */
  readonly nextMs: number;
  readonly rows: number;
}

export interface BarFiles {
  readonly partial: string;
  readonly resume: string;
}

export function barFilesFor(out: string): BarFiles {
  return { partial: `${out}.partial.csv`, resume: `${out}.resume.json` };
}

/** The saved state if it matches `key`; null when there is none. A state for another request is returned as `mismatch`. */
export function readResume(files: BarFiles, key: BarsRequestKey): ResumeState | 'mismatch' | null {
  if (!existsSync(files.resume) || !existsSync(files.partial)) return null;
  const state = JSON.parse(readFileSync(files.resume, 'utf8')) as ResumeState;
  const same =
    state.instrumentId === key.instrumentId && state.barType === key.barType && state.fromMs === key.fromMs && state.toMs === key.toMs;
  return same ? state : 'mismatch';
}

export function startFresh(files: BarFiles, key: BarsRequestKey): ResumeState {
  writeFileSync(files.partial, `${BAR_CSV_HEADER}\n`);
  const state = { ...key, nextMs: key.fromMs, rows: 0 };
  saveResume(files, state);
  return state;
}

function saveResume(files: BarFiles, state: ResumeState): void {
  // Written aside then renamed, so an interrupt never leaves half a state file.
  writeFileSync(`${files.resume}.tmp`, JSON.stringify(state));
  renameSync(`${files.resume}.tmp`, files.resume);
}

export function barOpenMs(bar: Bar, intervalMs: number): number {
  return Number(bar.tsEvent / 1_000_000n) - intervalMs;
}

export function csvRow(bar: Bar, intervalMs: number): string {
  return [new Date(barOpenMs(bar, intervalMs)).toISOString(), bar.open, bar.high, bar.low, bar.close, bar.volume]
    .map((v) => v.toString())
    .join(',');
}

/** Appends a window's bars (the rows first, then the state that counts them). */
export function appendWindow(files: BarFiles, state: ResumeState, bars: readonly Bar[], intervalMs: number, nextMs: number): ResumeState {
  if (bars.length > 0) appendFileSync(files.partial, bars.map((b) => `${csvRow(b, intervalMs)}\n`).join(''));
  const next = { ...state, nextMs, rows: state.rows + bars.length };
  saveResume(files, next);
  return next;
}

/**
 * The partial rows as far as the state counts them: an interrupt between the append and the
 * state write leaves rows the state does not count, and those are dropped (they come again).
 */
function countedRows(files: BarFiles, state: ResumeState): string[] {
  const lines = readFileSync(files.partial, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l !== '');
  return lines.slice(0, state.rows);
}

/** Trims the partial file to the rows the state counts (before appending to it again). */
export function trimToState(files: BarFiles, state: ResumeState): void {
  const rows = countedRows(files, state);
  writeFileSync(files.partial, [BAR_CSV_HEADER, ...rows].join('\n') + '\n');
}

/** Writes the finished output and removes the partial and resume files. */
export function finishOutput(files: BarFiles, state: ResumeState, out: string, format: 'csv' | 'parquet'): void {
  if (format === 'csv') {
    trimToState(files, state);
    renameSync(files.partial, out);
  } else {
    const rows = countedRows(files, state).map((l) => l.split(','));
    parquetWriteFile({
      filename: out,
      columnData: [
        { name: 'open_time', data: rows.map((r) => new Date(r[0]!)), type: 'TIMESTAMP', nullable: false },
        ...['open', 'high', 'low', 'close', 'volume'].map((name, i) => ({
          name,
          data: rows.map((r) => r[i + 1]!),
          type: 'STRING' as const,
          nullable: false,
        })),
      ],
    });
    rmSync(files.partial);
  }
  rmSync(files.resume);
}
