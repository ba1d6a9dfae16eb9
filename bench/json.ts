/**
 * `npx tsx bench/json.ts [--quick]`: the lossless venue JSON decoder (`parseVenueJson`) against a
 * bare `JSON.parse` of the same frames, per frame kind, plus the candidate designs that were
 * measured when choosing it (kept here so the choice can be re-checked on another machine).
 * Not part of `npm test`. Prints a Markdown table; CPU time (`process.cpuUsage`) per run, every
 * candidate interleaved run by run so load drift hits them alike, median of RUNS.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './corpus.js';
import { parseVenueJson, quoteInexactNumbers } from '../src/core/json.js';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 3 : 7;
/** Characters decoded per timed run and frame kind (frames are repeated to reach it). */
const CHARS_PER_RUN = quick ? 2_000_000 : 8_000_000;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// Candidates. `regex` is the implementation before this change (one `replace` with a callback
// for every string and number token); the others are the designs tried against it.

const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const SAFE_INT = /^-?\d{1,15}$/;
const NEEDS_QUOTING = /[.eE]|\d{16}/;
function quoteRegex(text: string): string {
  if (!/[.eE]|\d{16}/.test(text)) return text;
  return text.replace(TOKEN, (tok) => {
    if (tok.charCodeAt(0) === 34) return tok;
    if (SAFE_INT.test(tok) || !NEEDS_QUOTING.test(tok)) return tok;
    return `"${tok}"`;
  });
}

/** Regex, but strings matched with the unrolled loop and only inexact numbers matched as numbers. */
const TOKEN2 = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+(?:[eE][+-]?\d+)?|[eE][+-]?\d+)|-?\d{16,}/g;
function quoteRegexUnrolled(text: string): string {
  return text.replace(TOKEN2, (tok) => (tok.charCodeAt(0) === 34 ? tok : `"${tok}"`));
}

/** Hand-written scanner, strings skipped one character at a time, output as an array of chunks. */
function quoteScanPerCharChunks(text: string): string {
  const n = text.length;
  const chunks: string[] = [];
  let last = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c !== 45 && (c < 48 || c > 57)) {
      i++;
      continue;
    }
    const start = i;
    const end = numberEnd(text, i);
    if (end < 0) i = -end;
    else {
      chunks.push(text.slice(last, start), '"', text.slice(start, end), '"');
      last = end;
      i = end;
    }
  }
  if (last === 0) return text;
  chunks.push(text.slice(last));
  return chunks.join('');
}

/** Returns the end of an inexact number token starting at i, or minus the index to resume at. */
function numberEnd(text: string, i: number): number {
  const n = text.length;
  if (text.charCodeAt(i) === 45) i++;
  const intStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === intStart) return -i;
  let inexact = i - intStart >= 16;
  if (i + 1 < n && text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
    i += 2;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    inexact = true;
  }
  const e = text.charCodeAt(i) | 32;
  if (e === 101) {
    let j = i + 1;
    const s = text.charCodeAt(j);
    if (s === 43 || s === 45) j++;
    if (isDigit(text.charCodeAt(j))) {
      i = j + 1;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      inexact = true;
    }
  }
  return inexact ? i : -i;
}
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Strings skipped one character at a time, output by concatenation. */
function quoteScanPerCharConcat(text: string): string {
  const n = text.length;
  let out = '';
  let last = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c !== 45 && (c < 48 || c > 57)) {
      i++;
      continue;
    }
    const start = i;
    const end = numberEnd(text, i);
    if (end < 0) i = -end;
    else {
      out += `${text.slice(last, start)}"${text.slice(start, end)}"`;
      last = end;
      i = end;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Strings skipped by `indexOf('"')` as in the chosen design, but output as chunks joined once. */
function quoteScanIndexOfChunks(text: string): string {
  const n = text.length;
  const chunks: string[] = [];
  let last = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let q = text.indexOf('"', i + 1);
      while (q > 0 && text.charCodeAt(q - 1) === 92) {
        let b = q - 1;
        while (text.charCodeAt(b - 1) === 92) b--;
        if ((q - b) % 2 === 0) break;
        q = text.indexOf('"', q + 1);
      }
      i = q < 0 ? n : q + 1;
      continue;
    }
    if (c !== 45 && (c < 48 || c > 57)) {
      i++;
      continue;
    }
    const start = i;
    const end = numberEnd(text, i);
    if (end < 0) i = -end;
    else {
      chunks.push(text.slice(last, start), '"', text.slice(start, end), '"');
      last = end;
      i = end;
    }
  }
  if (last === 0) return text;
  chunks.push(text.slice(last));
  return chunks.join('');
}

// ---------------------------------------------------------------------------------------------
// Frames.

/** Removes whitespace outside strings without touching any token (so decimals keep their text). */
function compact(json: string): string {
  return json.replace(/("(?:[^"\\]|\\.)*")|\s+/g, (_m, s: string | undefined) => s ?? '');
}

function frameKinds(): { name: string; frames: string[] }[] {
  const kinds: { name: string; frames: string[] }[] = [];
  for (const depth of [10, 100]) {
    const c = generateCorpus({ seed: 0x6b72616b + depth, messages: 6000, depth });
    kinds.push({ name: `Spot v2 book snapshot, depth ${depth}`, frames: c.frames.filter((f) => f.includes('"type":"snapshot"')) });
    if (depth === 10) {
      kinds.push({ name: 'Spot v2 book update', frames: c.frames.filter((f) => f.startsWith('{"channel":"book","type":"update"')) });
      kinds.push({ name: 'Spot v2 trade', frames: c.frames.filter((f) => f.startsWith('{"channel":"trade"')) });
      kinds.push({ name: 'Spot v2 ticker', frames: c.frames.filter((f) => f.startsWith('{"channel":"ticker"')) });
    }
  }
  const fixture = (p: string): string => compact(readFileSync(path.join(repoRoot, 'fixtures', p), 'utf8'));
  kinds.push({ name: 'Spot REST AssetPairs (3 pairs)', frames: [fixture('spot/http/http_get_asset_pairs.json')] });
  kinds.push({ name: 'Futures WS ticker', frames: [fixture('futures/ws/ws_recv_ticker.json')] });
  kinds.push({ name: 'Spot v2 heartbeat (no decimals)', frames: ['{"channel":"heartbeat"}'] });
  return kinds;
}

// ---------------------------------------------------------------------------------------------
// Timing.

type Decode = (text: string) => unknown;
const CANDIDATES: readonly [string, Decode][] = [
  ['JSON.parse (floor)', (t): unknown => JSON.parse(t)],
  ['JSON.parse of pre-quoted text (lower bound)', (t): unknown => JSON.parse(t)],
  ['scan only (quoteInexactNumbers), no parse', (t) => quoteInexactNumbers(t)],
  ['regex replace + callback (before)', (t): unknown => JSON.parse(quoteRegex(t))],
  ['regex, unrolled strings, inexact-only', (t): unknown => JSON.parse(quoteRegexUnrolled(t))],
  ['scanner, per-char strings, chunks+join', (t): unknown => JSON.parse(quoteScanPerCharChunks(t))],
  ['scanner, per-char strings, concat', (t): unknown => JSON.parse(quoteScanPerCharConcat(t))],
  ['scanner, indexOf strings, chunks+join', (t): unknown => JSON.parse(quoteScanIndexOfChunks(t))],
  ['parseVenueJson (after: indexOf strings, concat)', (t) => parseVenueJson(t)],
];

let sink: unknown;
function cpuNsPerFrame(decode: Decode, frames: readonly string[], reps: number): number {
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) for (let i = 0; i < frames.length; i++) sink = decode(frames[i]!);
  const cpu = process.cpuUsage(cpu0);
  return ((cpu.user + cpu.system) * 1000) / (reps * frames.length);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function main(): void {
  const kinds = frameKinds();
  // Every candidate must agree with the old implementation before it is timed.
  for (const { name, frames } of kinds)
    for (const f of frames) {
      const want = JSON.stringify(JSON.parse(quoteRegex(f)));
      for (const [cn, decode] of CANDIDATES.slice(3))
        if (JSON.stringify(decode(f)) !== want) throw new Error(`${cn} disagrees on a ${name} frame`);
      if (quoteInexactNumbers(f) !== quoteRegex(f)) throw new Error(`quoteInexactNumbers disagrees on a ${name} frame`);
    }
  const out = [
    `Run ${new Date().toISOString()}; ${os.cpus()[0]?.model ?? 'CPU'} × ${os.cpus().length}; Node ${process.version}; ` +
      `load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join('/')}; median of ${RUNS} interleaved runs after a warm-up, CPU time.`,
    '',
    `| Frames | chars/frame | ${CANDIDATES.map(([n]) => n).join(' | ')} |`,
    `| --- | ---: | ${CANDIDATES.map(() => '---:').join(' | ')} |`,
  ];
  for (const { name, frames } of kinds) {
    const chars = frames.reduce((s, f) => s + f.length, 0);
    const reps = Math.max(1, Math.round(CHARS_PER_RUN / chars));
    const prequoted = frames.map(quoteRegex);
    const runs: number[][] = CANDIDATES.map(() => []);
    for (let run = -1; run < RUNS; run++)
      CANDIDATES.forEach(([, decode], k) => {
        const ns = cpuNsPerFrame(decode, k === 1 ? prequoted : frames, reps);
        if (run >= 0) runs[k]!.push(ns);
      });
    const meds = runs.map(median);
    const floor = meds[0]!;
    const cells = meds.map((m, k) => (k === 0 ? `${m.toFixed(0)} ns` : `${(m / floor).toFixed(2)}×`));
    out.push(`| ${name} | ${(chars / frames.length).toFixed(0)} | ${cells.join(' | ')} |`);
    process.stderr.write(`${name} done\n`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  if (sink === Symbol.for('never')) process.stdout.write('\n');
}

main();
