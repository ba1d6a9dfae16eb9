/**
 * `npm run bench`: krakenkit side by side with ccxt.pro (devDependency) fed the same frames, plus
 * the order path, signing, instrument load and memory. Not part of `npm test`. Prints a Markdown
 * report (BENCHMARKS.md keeps the latest run).
 *
 *   npm run bench               full run (several minutes on a shared machine)
 *   npm run bench -- --quick    small corpora and one round, for a smoke check
 *   npm run bench -- --only=futures   the Futures WS v1 section alone (every --only name: inprocess,
 *     futures, unified, socket, order, roundtrip, signing, instruments, memory)
 *   npm run bench -- --socket-rounds=5   more interleaved rounds over the socket (default 3)
 *
 * Every figure is process CPU time (user + system) unless it says wall time; paths are
 * interleaved round by round and the minimum is reported, so load from other processes on a
 * shared machine inflates all paths alike and the least disturbed round counts.
 */
import os from 'node:os';
import { generateCorpus } from './corpus.js';
import { generateFuturesCorpus } from './futures-corpus.js';
import { futuresCcxtPath, futuresGenericPath, futuresKrakenkitPath } from './futures-inprocess.js';
import { ccxtPath, floorPath, krakenkitPath, timeInterleaved, type Timed } from './inprocess.js';
import { measureBookMemory } from './memory.js';
import { roundTripBench } from './round-trip.js';
import { instrumentLoadBench, orderPathBench, signingBench } from './small-paths.js';
import { runSocketBench, SOCKET_KINDS, type SocketCell } from './socket.js';
import { generateUnifiedCorpus } from './unified-corpus.js';
import { unifiedGenericPath, unifiedKrakenkitPath } from './unified-inprocess.js';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
/** `--socket-rounds=N`: interleaved rounds over the socket (default 3); more rounds, a steadier minimum on a noisy machine. */
const socketRounds = Number(process.argv.find((a) => a.startsWith('--socket-rounds='))?.slice('--socket-rounds='.length) ?? 3);
const want = (section: string): boolean => only === undefined || only.split(',').includes(section);
const SEED = 0x6b72616b; // "krak"
const DEPTHS = [10, 100, 1000];
const IN_PROCESS_FRAMES = quick ? 10_000 : 60_000;
const IN_PROCESS_ROUNDS = quick ? 2 : 5;
const LIVE_RATE = 25_000;

const out: string[] = [];
const log = (s: string): void => void process.stderr.write(`${s}\n`);
const ratio = (x: number, floor: number): string => (x / floor).toFixed(2);
const ns = (x: number): string => x.toFixed(0);
const loadavg = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

function inProcess(): void {
  out.push('### In process: the same frames through each path (CPU ns per frame, minimum of interleaved rounds)', '');
  out.push(
    `${IN_PROCESS_FRAMES.toLocaleString('en-US')} Spot v2 frames per depth (≈ 70 % book, 25 % trade, 5 % ticker; 4 pairs), ` +
      `${IN_PROCESS_ROUNDS} rounds after a warm-up.`,
    '',
  );
  out.push(
    '| Depth | floor: JSON.parse | krakenkit client route + verified book | × floor | ccxt.pro Kraken handler | × floor | ccxt / krakenkit | refused (kk) |',
  );
  out.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const depth of DEPTHS) {
    const corpus = generateCorpus({ seed: SEED + depth, messages: IN_PROCESS_FRAMES, depth });
    const [floor, kk, cc] = timeInterleaved(
      [floorPath(), krakenkitPath(corpus.symbols), ccxtPath(corpus.symbols)],
      corpus.frames,
      IN_PROCESS_ROUNDS,
    ) as [Timed, Timed, Timed];
    out.push(
      `| ${depth} | ${ns(floor.minCpuNs)} | ${ns(kk.minCpuNs)} | ${ratio(kk.minCpuNs, floor.minCpuNs)} | ${ns(cc.minCpuNs)} | ` +
        `${ratio(cc.minCpuNs, floor.minCpuNs)} | ${ratio(cc.minCpuNs, kk.minCpuNs)} | ${kk.refused} |`,
    );
    log(`in-process depth ${depth} done`);
  }
  out.push('');
}

function futuresInProcess(): void {
  out.push('### In process, Futures WS v1: the same frames through each path (CPU ns per frame, minimum of interleaved rounds)', '');
  out.push(
    `${IN_PROCESS_FRAMES.toLocaleString('en-US')} Futures frames per depth (a snapshot per product, then ≈ 70 % book delta, 25 % trade, ` +
      `5 % ticker; PF_XBTUSD and PF_ETHUSD), ${IN_PROCESS_ROUNDS} rounds after a warm-up. Depth is the snapshot's levels per side.`,
    '',
  );
  out.push(
    '| Depth | floor: JSON.parse | krakenkit client route + verified book | × floor | krakenkit generic route | × floor | ccxt.pro krakenfutures handler | × floor | ccxt / krakenkit | refused (kk) |',
  );
  out.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const depth of DEPTHS) {
    const corpus = generateFuturesCorpus({ seed: SEED + depth, messages: IN_PROCESS_FRAMES, depth });
    const [floor, kk, generic, cc] = timeInterleaved(
      [floorPath(), futuresKrakenkitPath(corpus.products), futuresGenericPath(corpus.products), futuresCcxtPath(corpus.products)],
      corpus.frames,
      IN_PROCESS_ROUNDS,
    ) as [Timed, Timed, Timed, Timed];
    const f = floor.minCpuNs;
    out.push(
      `| ${depth} | ${ns(f)} | ${ns(kk.minCpuNs)} | ${ratio(kk.minCpuNs, f)} | ${ns(generic.minCpuNs)} | ${ratio(generic.minCpuNs, f)} | ` +
        `${ns(cc.minCpuNs)} | ${ratio(cc.minCpuNs, f)} | ${ratio(cc.minCpuNs, kk.minCpuNs)} | ${kk.refused + generic.refused} |`,
    );
    log(`futures in-process depth ${depth} done`);
  }
  out.push('');
}

function unifiedInProcess(): void {
  out.push('### In process, Unified WebSocket: the same frames through each path (CPU ns per frame, minimum of interleaved rounds)', '');
  out.push(
    `${IN_PROCESS_FRAMES.toLocaleString('en-US')} Unified frames per depth (a snapshot per symbol, then ≈ 70 % book update, 25 % trade, ` +
      `5 % ticker; PF_XBTUSD and PF_ETHUSD), ${IN_PROCESS_ROUNDS} rounds after a warm-up. ccxt has no Unified WebSocket client.`,
    '',
  );
  out.push('| Depth | floor: JSON.parse | krakenkit client route + book | × floor | krakenkit generic route | × floor | refused (kk) |');
  out.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const depth of DEPTHS) {
    const corpus = generateUnifiedCorpus({ seed: SEED + depth, messages: IN_PROCESS_FRAMES, depth });
    const [floor, kk, generic] = timeInterleaved(
      [floorPath(), unifiedKrakenkitPath(corpus.symbols), unifiedGenericPath(corpus.symbols)],
      corpus.frames,
      IN_PROCESS_ROUNDS,
    ) as [Timed, Timed, Timed];
    const f = floor.minCpuNs;
    out.push(
      `| ${depth} | ${ns(f)} | ${ns(kk.minCpuNs)} | ${ratio(kk.minCpuNs, f)} | ${ns(generic.minCpuNs)} | ${ratio(generic.minCpuNs, f)} | ` +
        `${kk.refused + generic.refused} |`,
    );
    log(`unified in-process depth ${depth} done`);
  }
  out.push('');
}

const KIND_NAMES: Record<(typeof SOCKET_KINDS)[number], string> = {
  floor: 'floor: ws + JSON.parse',
  client: 'krakenkit client + verified book',
  data: 'krakenkit data client → OrderBookDeltas on the bus',
  ccxt: 'ccxt.pro watchOrderBook',
};

async function overSocket(): Promise<void> {
  const frames = quick ? 4_000 : 30_000;
  const rounds = quick ? 1 : socketRounds;
  const report = await runSocketBench(
    { depths: DEPTHS, rates: [LIVE_RATE, 0], frames, rounds, heapFrames: quick ? [10_000, 40_000] : [100_000, 1_000_000] },
    log,
  );
  const cell = (kind: string, depth: number, rate: number): SocketCell =>
    report.cells.find((c) => c.kind === kind && c.depth === depth && c.rate === rate)!;
  for (const rate of [LIVE_RATE, 0]) {
    out.push(
      `### Over a local socket, ${rate === 0 ? 'unpaced (as fast as the socket takes them)' : `at a live rate of ${LIVE_RATE.toLocaleString('en-US')} frames/s`}: CPU ns per frame`,
      '',
      `${frames.toLocaleString('en-US')} BTC/USD book frames per run, each client in its own process, minimum of ${rounds} interleaved round(s).`,
      '',
      '| Depth | ' +
        SOCKET_KINDS.map((k) => KIND_NAMES[k]).join(' | ') +
        ' | client × floor | data × floor | ccxt × floor | ccxt / client |',
      '| ---: | ' + SOCKET_KINDS.map(() => '---:').join(' | ') + ' | ---: | ---: | ---: | ---: |',
    );
    for (const depth of DEPTHS) {
      const min = (k: string): number => Math.min(...cell(k, depth, rate).cpuNsPerFrame);
      const f = min('floor');
      out.push(
        `| ${depth} | ` +
          SOCKET_KINDS.map((k) => `${ns(min(k))} (${cell(k, depth, rate).cpuNsPerFrame.map(ns).join(', ')})`).join(' | ') +
          ` | ${ratio(min('client'), f)} | ${ratio(min('data'), f)} | ${ratio(min('ccxt'), f)} | ${ratio(min('ccxt'), min('client'))} |`,
      );
    }
    out.push('');
  }
  const refused = report.cells.filter((c) => c.kind === 'client').reduce((a, c) => a + c.refused, 0);
  out.push(`krakenkit client: ${refused} frames refused or handed back (checksum verified on every frame).`, '');
  out.push('### Heap after N book frames through the data client (depth 10, unpaced, forced GC, heapUsed)', '');
  out.push('| Frames | OrderBookDeltas published | heapUsed |', '| ---: | ---: | ---: |');
  for (const h of report.heap)
    out.push(`| ${h.frames.toLocaleString('en-US')} | ${h.deltas.toLocaleString('en-US')} | ${(h.heapUsed / 1048576).toFixed(1)} MiB |`);
  out.push('');
}

async function orderPath(): Promise<void> {
  const rows = await orderPathBench(quick ? 500 : 5_000);
  out.push('### Order path: intent → bytes on the socket (wall time, in process)', '');
  out.push('| Path | orders | p50 µs | p99 µs |', '| --- | ---: | ---: | ---: |');
  for (const r of rows) out.push(`| ${r.name} | ${r.samples} | ${r.p50Us.toFixed(1)} | ${r.p99Us.toFixed(1)} |`);
  out.push('');
}

async function roundTrip(): Promise<void> {
  const rows = await roundTripBench(quick ? 50 : 150);
  out.push('### Submit → accepted: a strategy in a TradingNode against the simulator (wall time, loopback sockets)', '');
  out.push(
    'From `strategy.submitOrder` to its `OrderAccepted` on the strategy, one post-only limit order at a time; the simulator runs in the same process, so its own work is included.',
    '',
  );
  out.push('| Route | orders | p50 µs | p99 µs |', '| --- | ---: | ---: | ---: |');
  for (const r of rows) out.push(`| ${r.name} | ${r.samples} | ${r.p50Us.toFixed(0)} | ${r.p99Us.toFixed(0)} |`);
  out.push('');
}

function signing(): void {
  const rows = signingBench(quick ? 1_000 : 10_000, quick ? 2 : 5);
  out.push('### Signing: CPU µs per signed request (minimum of interleaved rounds)', '');
  out.push('| Request | krakenkit | ccxt | ccxt / krakenkit |', '| --- | ---: | ---: | ---: |');
  for (const r of rows)
    out.push(`| ${r.name} | ${r.krakenkitUs.toFixed(2)} | ${r.ccxtUs.toFixed(2)} | ${(r.ccxtUs / r.krakenkitUs).toFixed(1)} |`);
  out.push('');
}

function instruments(): void {
  const r = instrumentLoadBench(1000, quick ? 2 : 5);
  const ms = (us: number): string => (us / 1000).toFixed(2);
  out.push('### Instrument load: AssetPairs of 1,000 pairs → instruments (CPU ms, minimum of rounds)', '');
  out.push(
    '| JSON.parse of the response | lossless decode | + generated validator | + instruments (the load) | × JSON.parse | instruments |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${ms(r.jsonParseUs)} | ${ms(r.decodeUs)} | ${ms(r.validatedUs)} | ${ms(r.loadUs)} | ${ratio(r.loadUs, r.jsonParseUs)} | ${r.instruments} |`,
    '',
  );
}

function memory(): void {
  out.push('### Book memory (heap + ArrayBuffers, full books, forced GC)', '');
  out.push(
    '| Depth | Books | Levels | krakenkit bytes / 1,000 levels | naive decimal.js bytes / 1,000 levels |',
    '| ---: | ---: | ---: | ---: | ---: |',
  );
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
  out.push('');
}

async function main(): Promise<void> {
  const started = Date.now();
  out.push(
    `## Run ${new Date().toISOString()}${quick ? ' (QUICK)' : ''}`,
    '',
    `- CPU: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}; Node ${process.version}; ${os.platform()} ${os.release()}`,
    `- Load average at start: ${loadavg()} (1/5/15 min)`,
    '',
  );
  if (want('inprocess')) inProcess();
  if (want('futures')) futuresInProcess();
  if (want('unified')) unifiedInProcess();
  if (want('socket')) await overSocket();
  if (want('order')) await orderPath();
  if (want('roundtrip')) await roundTrip();
  if (want('signing')) signing();
  if (want('instruments')) instruments();
  if (want('memory')) memory();
  out.push(`- Load average at end: ${loadavg()}; total bench time ${((Date.now() - started) / 1000).toFixed(0)} s`, '');
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
