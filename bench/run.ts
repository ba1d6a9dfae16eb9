/**
 * `npm run bench`: the Spot WS v2 hot path against a bare `JSON.parse` floor, plus book memory.
 * Not part of `npm test`. Prints a Markdown report (copied into BENCHMARKS.md by hand).
 *
 *   npm run bench               full run (2 corpora × 200k frames, ≈ 1–2 min)
 *   npm run bench -- --quick    50k frames per corpus, for a smoke check
 */
import os from 'node:os';
import { generateCorpus, type Corpus } from './corpus.js';
import { measureBookMemory } from './memory.js';
import {
  bookOnlyPipeline,
  fastPipeline,
  floorPipeline,
  generatedValidatorPipeline,
  losslessParsePipeline,
  naivePipeline,
  type Pipeline,
  type Sink,
} from './pipelines.js';

const quick = process.argv.includes('--quick');
const MESSAGES = quick ? 50_000 : 200_000;
/** The slow pipelines run on a prefix of the corpus (same mix) to keep the bench short. */
const PREFIX = quick ? 20_000 : 50_000;
const RUNS = 5;
const SEED = 0x6b72616b; // "krak"

interface Case {
  readonly name: string;
  readonly make: () => Pipeline;
  readonly frames: readonly string[];
}

interface Measured {
  readonly name: string;
  readonly frames: number;
  /** Median wall-clock ns per frame. */
  readonly medianNs: number;
  /** Median process CPU ns per frame (user + system): robust when the machine is shared. */
  readonly medianCpuNs: number;
  readonly allCpuNs: number[];
  readonly refused: number;
}

function timeOnce(p: Pipeline, frames: readonly string[]): { ns: number; cpuNs: number; sink: Sink } {
  const sink: Sink = { emitted: 0, refused: 0, last: undefined };
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  p(frames, sink);
  const ns = Number(process.hrtime.bigint() - t0) / frames.length;
  const cpu = process.cpuUsage(cpu0);
  return { ns, cpuNs: ((cpu.user + cpu.system) * 1000) / frames.length, sink };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

/** Interleaves the cases run by run, so machine-load drift hits them alike. */
function measure(cases: readonly Case[]): Measured[] {
  const pipelines = cases.map((c) => c.make());
  const wall: number[][] = cases.map(() => []);
  const cpu: number[][] = cases.map(() => []);
  const refused = cases.map(() => 0);
  for (let run = -1; run < RUNS; run++) {
    cases.forEach((c, k) => {
      const { ns, cpuNs, sink } = timeOnce(pipelines[k]!, c.frames);
      if (run >= 0) {
        wall[k]!.push(ns);
        cpu[k]!.push(cpuNs);
      } else refused[k] = sink.refused; // the warm-up run also proves every frame is accepted
    });
  }
  return cases.map((c, k) => ({
    name: c.name,
    frames: c.frames.length,
    medianNs: median(wall[k]!),
    medianCpuNs: median(cpu[k]!),
    allCpuNs: cpu[k]!,
    refused: refused[k]!,
  }));
}

const fmtNs = (ns: number): string => ns.toFixed(0);
const fmtRate = (ns: number): string => `${(1e9 / ns / 1000).toFixed(0)}k`;

function corpusReport(corpus: Corpus, depth: number, genMs: number): string {
  const all = corpus.frames;
  const prefix = all.slice(0, PREFIX);
  const books = all.filter((f) => f.startsWith('{"channel":"book"'));
  const results = measure([
    { name: 'floor: JSON.parse', make: floorPipeline, frames: all },
    { name: 'krakenkit fast path (hand-written checks)', make: () => fastPipeline(corpus.symbols), frames: all },
    { name: 'floor: JSON.parse (prefix)', make: floorPipeline, frames: prefix },
    { name: 'parseVenueJson + generated validators + book', make: () => generatedValidatorPipeline(corpus.symbols), frames: prefix },
    { name: 'naive: parseVenueJson + generated validators + decimal.js book', make: () => naivePipeline(corpus.symbols), frames: prefix },
    { name: 'floor: JSON.parse (book frames only)', make: floorPipeline, frames: books },
    { name: 'SpotOrderBook.apply(text) (book frames only)', make: () => bookOnlyPipeline(corpus.symbols), frames: books },
    { name: 'parseVenueJson only (prefix)', make: losslessParsePipeline, frames: prefix },
  ]);
  const floorOf = (name: string): Measured => {
    if (name.includes('book frames only')) return results[5]!;
    if (name.startsWith('parseVenueJson') || name.startsWith('naive') || name.endsWith('(prefix)')) return results[2]!;
    return results[0]!;
  };
  const c = corpus.counts;
  const lines = [
    `### Depth ${depth}`,
    '',
    `Corpus: ${all.length.toLocaleString('en-US')} frames (book ${c.book}, trade ${c.trade}, ticker ${c.ticker}), ` +
      `${(c.bytes / all.length).toFixed(0)} chars/frame on average, 4 symbols, seed 0x${SEED.toString(16)} + depth, generated in ${genMs.toFixed(0)} ms.`,
    '',
    '| Path | Frames | CPU ns/msg (median) | CPU msgs/s | × floor (CPU) | wall ns/msg (median) | × floor (wall) | CPU runs (ns/msg) | refused |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
    ...results.map((r) => {
      const f = floorOf(r.name);
      return (
        `| ${r.name} | ${r.frames.toLocaleString('en-US')} | ${fmtNs(r.medianCpuNs)} | ${fmtRate(r.medianCpuNs)} | ` +
        `${(r.medianCpuNs / f.medianCpuNs).toFixed(2)} | ${fmtNs(r.medianNs)} | ${(r.medianNs / f.medianNs).toFixed(2)} | ` +
        `${r.allCpuNs.map(fmtNs).join(', ')} | ${r.refused} |`
      );
    }),
    '',
  ];
  return lines.join('\n');
}

function main(): void {
  const started = Date.now();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const out: string[] = [
    `## Run ${new Date().toISOString()}`,
    '',
    `- CPU: ${cpu} × ${os.cpus().length}; Node ${process.version}; ${os.platform()} ${os.release()}`,
    `- Load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} (1/5/15 min)`,
    `- ${RUNS} timed runs after one warm-up, interleaved across paths; median reported${quick ? '; QUICK mode' : ''}`,
    '',
  ];
  for (const depth of [10, 100]) {
    const t0 = performance.now();
    const corpus = generateCorpus({ seed: SEED + depth, messages: MESSAGES, depth });
    out.push(corpusReport(corpus, depth, performance.now() - t0));
    process.stderr.write(`depth ${depth} done\n`);
  }
  out.push('### Book memory (heap + ArrayBuffers, full books, forced GC)', '');
  out.push('| Depth | Books | Levels | krakenkit bytes / 1,000 levels | naive decimal.js bytes / 1,000 levels |');
  out.push('| ---: | ---: | ---: | ---: | ---: |');
  for (const [depth, books] of [
    [1000, 100],
    [100, 500],
    [10, 2000],
  ] as const) {
    const m = measureBookMemory(depth, books);
    out.push(
      `| ${depth} | ${books} | ${m.levels.toLocaleString('en-US')} | ${(m.bytesPerThousandLevels / 1024).toFixed(1)} KB | ${(m.naiveBytesPerThousandLevels / 1024).toFixed(1)} KB |`,
    );
  }
  out.push('', `Total bench time: ${((Date.now() - started) / 1000).toFixed(1)} s`, '');
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
