/**
 * One bench client in its own process (`kind`: floor | client | data | ccxt). For each run the
 * runner sends (IPC) `{ port, depth }`; the client connects to the local venue, subscribes to
 * BTC/USD `book` at that depth, and measures its own process CPU time from the moment it has
 * sent the subscribe until the venue closes the stream; it answers `{ cpuUs, frames, ... }`.
 *
 * - floor: a `ws` socket and `JSON.parse` of each frame, nothing else;
 * - client: `KrakenSpotWsClient` with a verified `SpotOrderBook` on its raw-frame route
 *   (`routeBookText` → `applyText`, CRC32 checked on every frame);
 * - data: the data client's Spot feed (`KrakenSpotFeed` over a `KrakenSpotWsClient`) into the
 *   node's `DataEngine`: `OrderBookDeltas` into the cache's book and onto the `MessageBus`, where
 *   a subscriber counts them;
 * - ccxt: ccxt.pro Kraken `watchOrderBook` in the usual loop (its own checksum option off, as shipped).
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { responseValidators } from '../generated/spot-rest/validators.gen.js';
import { KrakenSpotFeed } from '../src/adapter/data/spot-feed.js';
import { parseSpotInstruments } from '../src/adapter/instruments/spot-instruments.js';
import { systemClock } from '../src/core/clock.js';
import { parseVenueJson } from '../src/core/json.js';
import { SpotOrderBook } from '../src/kraken/spot/book/spot-order-book.js';
import { KrakenSpotWsClient } from '../src/kraken/spot/ws/spot-ws-client.js';
import type { Instrument } from '../src/model/instruments.js';
import { Cache } from '../src/node/cache.js';
import { NodeClock } from '../src/node/clock.js';
import { DataEngine } from '../src/node/data-engine.js';
import { createLogger } from '../src/node/logger.js';
import { MessageBus, Topics } from '../src/node/message-bus.js';
import { validateOrThrow } from '../src/transport/validation.js';
import { ccxtKraken } from './ccxt-kraken.js';

interface Run {
  port: number;
  depth: number;
  /** Report the heap after a forced GC at the end (needs --expose-gc). */
  heap?: boolean;
}

interface Result {
  cpuUs: number;
  frames: number;
  refused: number;
  heapUsed?: number;
}

const kind = process.argv[2] ?? 'floor';
const SYMBOL = 'BTC/USD';
const QUIET = { wsHeartbeatSecs: 600, wsIdleTimeoutSecs: 600, wsRequestTimeoutSecs: 30, backoff: { initialMs: 60_000, maxMs: 60_000 } };

const cpuNow = (): number => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

function btcUsd(): Instrument {
  const text = readFileSync(new URL('../fixtures/spot/http/http_get_asset_pairs.json', import.meta.url), 'utf8');
  const pairs = validateOrThrow(responseValidators.AssetPairs, (parseVenueJson(text) as { result: unknown }).result, 'AssetPairs');
  const found = parseSpotInstruments(pairs, undefined, 0n).instruments.find((i) => i.instrument.id.symbol.value === SYMBOL);
  if (found === undefined) throw new Error('BTC/USD missing from the AssetPairs fixture');
  return found.instrument;
}

function floor(run: Run): Promise<Result> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${run.port}`);
    let frames = 0;
    let cpu0 = 0;
    let last: unknown;
    ws.on('open', () => {
      ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'book', symbol: [SYMBOL], depth: run.depth }, req_id: 1 }));
      cpu0 = cpuNow();
    });
    ws.on('message', (data: Buffer) => {
      last = JSON.parse(data.toString('utf8'));
      frames++;
    });
    ws.on('error', reject);
    ws.on('close', () => {
      void last;
      resolve({ cpuUs: cpuNow() - cpu0, frames: frames - 1, refused: 0 }); // less the subscribe ack
    });
  });
}

async function client(run: Run): Promise<Result> {
  const ws = new KrakenSpotWsClient({ url: `ws://127.0.0.1:${run.port}`, ...QUIET });
  const book = new SpotOrderBook({ symbol: SYMBOL, depth: run.depth, pricePrecision: 1, qtyPrecision: 8 });
  let frames = 0;
  let refused = 0;
  ws.routeBookText((text) => {
    const r = book.applyText(text);
    if (r === undefined) return false;
    frames++;
    if (!r.ok) refused++;
    return true;
  });
  ws.on('book', () => refused++); // handed back to the generic route: would count as a miss
  const ended = new Promise<void>((resolve) => ws.on('disconnected', () => resolve()));
  await ws.connect();
  const cpu0 = cpuNow();
  await ws.subscribe('book', { symbol: [SYMBOL], depth: run.depth as 10, snapshot: true });
  await ended;
  const cpuUs = cpuNow() - cpu0;
  await ws.close();
  return { cpuUs, frames, refused };
}

async function data(run: Run): Promise<Result> {
  const instrument = btcUsd();
  const log = createLogger('bench', { level: 'ERROR' });
  const bus = new MessageBus(log);
  const cache = new Cache();
  const clock = new NodeClock(systemClock);
  const engine = new DataEngine(bus, cache, clock, log);
  cache.addInstrument(instrument);
  let deltas = 0;
  let invalid = 0;
  bus.subscribe(Topics.bookDeltas(instrument.id), (d) => {
    deltas++;
    if (d.deltas.length === 1 && d.deltas[0]!.action === 'CLEAR' && (d.deltas[0]!.flags & 1) === 0) invalid++;
  });
  const ws = new KrakenSpotWsClient({ url: `ws://127.0.0.1:${run.port}`, ...QUIET });
  const feed = new KrakenSpotFeed(ws, {
    data: (d) => engine.handler.handleData(d),
    now: () => clock.timestampNs(),
    instrument: (s) => (s === SYMBOL ? instrument : undefined),
    log,
    clock: systemClock,
  });
  const ended = new Promise<void>((resolve) => ws.on('disconnected', () => resolve()));
  await feed.connect();
  const cpu0 = cpuNow();
  await feed.subscribe('book', instrument, run.depth);
  await ended;
  const cpuUs = cpuNow() - cpu0;
  const heapUsed = run.heap === true ? heapAfterGc() : undefined;
  await feed.close();
  return { cpuUs, frames: deltas, refused: invalid, ...(heapUsed === undefined ? {} : { heapUsed }) };
}

async function ccxtClient(run: Run): Promise<Result> {
  const ex = ccxtKraken([{ symbol: SYMBOL, pricePrecision: 1, qtyPrecision: 8 }]);
  ex.urls.api.ws['publicV2'] = `ws://127.0.0.1:${run.port}`;
  await ex.loadHttpProxyAgent(); // ccxt asks for this before any plain ws:// URL (no proxy is set)
  let updates = 0;
  const cpu0 = cpuNow();
  try {
    for (;;) {
      const ob = await ex.watchOrderBook(SYMBOL, run.depth);
      if (ob.bids.length > 0) updates++;
    }
  } catch (e) {
    if (updates === 0) throw e; // the venue closing the stream ends the loop; failing before any book does not
  }
  const cpuUs = cpuNow() - cpu0;
  await ex.close().catch(() => undefined);
  return { cpuUs, frames: updates, refused: 0 };
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

const RUNNERS: Record<string, (run: Run) => Promise<Result>> = { floor, client, data, ccxt: ccxtClient };

process.on('message', (run: Run) => {
  const runner = RUNNERS[kind];
  if (runner === undefined) throw new Error(`unknown kind ${kind}`);
  runner(run).then(
    (r) => process.send?.(r),
    (e: unknown) => process.send?.({ error: String(e) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
