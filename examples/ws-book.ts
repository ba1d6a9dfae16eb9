/**
 * A WebSocket book: Kraken Spot WS v2 `book` into a checksum-verified `SpotOrderBook`. Every
 * update is checked against Kraken's CRC32; a mismatch asks for a fresh snapshot. Runs against the
 * embedded simulator, or real Kraken with `--live`.
 *
 *   npx tsx examples/ws-book.ts [--live] [--symbol BTC/USD]
 */
import { fileURLToPath } from 'node:url';
import { KrakenSpotWsClient, SpotOrderBook } from '../src/index.js';
import { startKrakenSim } from '../src/sim/index.js';

export interface BookReport {
  readonly updates: number;
  readonly verified: number;
  readonly resyncs: number;
  readonly bestBid: readonly [string, string] | undefined;
  readonly bestAsk: readonly [string, string] | undefined;
}

/** Keeps the book until `updates` messages were applied (or `timeoutMs` passed), then reports. */
export async function wsBookExample(
  options: { url?: string; symbol?: string; updates?: number; timeoutMs?: number } = {},
): Promise<BookReport> {
  const symbol = options.symbol ?? 'BTC/USD';
  const want = options.updates ?? 20;
  const ws = new KrakenSpotWsClient(options.url === undefined ? {} : { url: options.url });
  let resyncs = 0;
  // BTC/USD trades in 0.1 USD and 0.00000001 BTC on Kraken: the checksum needs the exact precisions.
  const book = new SpotOrderBook({
    symbol,
    depth: 10,
    pricePrecision: 1,
    qtyPrecision: 8,
    onResync: () => {
      resyncs++;
      void ws.unsubscribe('book', { symbol: [symbol], depth: 10 }).then(() => ws.subscribe('book', { symbol: [symbol], depth: 10 }));
    },
  });
  let updates = 0;
  let verified = 0;
  const done = new Promise<void>((resolve) => {
    ws.on('book', (msg) => {
      updates++;
      if (book.apply(msg).ok) verified++;
      if (updates >= want) resolve();
    });
  });
  try {
    await ws.connect();
    await ws.subscribe('book', { symbol: [symbol], depth: 10 });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((r) => (timer = setTimeout(r, options.timeoutMs ?? 30_000)))]);
    clearTimeout(timer);
    return { updates, verified, resyncs, bestBid: book.bids(1)[0], bestAsk: book.asks(1)[0] };
  } finally {
    await ws.close();
  }
}

async function run(): Promise<void> {
  const live = process.argv.includes('--live');
  const at = process.argv.indexOf('--symbol');
  const symbol = at > 0 ? process.argv[at + 1] : undefined;
  const sim = live ? null : await startKrakenSim();
  try {
    const report = await wsBookExample({
      ...(sim === null ? {} : { url: sim.urls.spotWsPublic }),
      ...(symbol === undefined ? {} : { symbol }),
    });
    console.log(`${report.updates} book messages, ${report.verified} checksum-verified, ${report.resyncs} resyncs`);
    console.log(`best bid ${report.bestBid?.join(' x ') ?? '-'} | best ask ${report.bestAsk?.join(' x ') ?? '-'}`);
  } finally {
    await sim?.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) void run();
