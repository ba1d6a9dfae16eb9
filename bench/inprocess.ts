/**
 * In process, the same frame strings through three paths, interleaved round by round, process CPU
 * time per frame (minimum over rounds):
 *
 * - floor: `JSON.parse` of each frame;
 * - krakenkit: the Spot client's single-decode route (`SpotTextRoute`, the object the client
 *   hands every text frame to) with the typed `message`/channel events a client emits, and a
 *   verified `SpotOrderBook` per symbol taking book frames through `applyText` (checksum on every
 *   frame), as the data client registers it; only the socket is left out;
 * - ccxt.pro: ccxt's own WebSocket client `onMessage` for Kraken (its JSON decode and Kraken's
 *   `handleMessage`: book, trade and ticker handlers), ccxt as published.
 */
import { SpotOrderBook } from '../src/kraken/spot/book/spot-order-book.js';
import { v2BookSymbolOf } from '../src/kraken/common/v2/channel-text.js';
import { SpotTextRoute } from '../src/kraken/spot/ws/spot-text-route.js';
import type { KrakenSpotWsEvents } from '../src/kraken/spot/ws/spot-ws-client.js';
import type { SpotWsChannelMessage } from '../src/kraken/spot/ws/types.js';
import { TypedEmitter } from '../src/transport/ws/typed-emitter.js';
import { ccxtKraken } from './ccxt-kraken.js';
import type { CorpusSymbol } from './corpus.js';

export interface Path {
  readonly name: string;
  /** Runs every frame once; returns how many were refused. */
  run(frames: readonly string[]): number;
}

class Events extends TypedEmitter<KrakenSpotWsEvents> {
  deliver(channel: string, message: SpotWsChannelMessage): void {
    this.emit('message', message);
    (this.emit as (e: string, m: unknown) => void)(channel, message);
  }
}

let sinkValue: unknown;

export function floorPath(): Path {
  return {
    name: 'floor: JSON.parse',
    run(frames) {
      for (let i = 0; i < frames.length; i++) sinkValue = JSON.parse(frames[i]!);
      return 0;
    },
  };
}

export function krakenkitPath(symbols: readonly CorpusSymbol[]): Path {
  const books = new Map(symbols.map((s) => [s.symbol, new SpotOrderBook(s)]));
  const events = new Events();
  let consumed = 0;
  events.on('trade', (m) => (sinkValue = m));
  events.on('ticker', (m) => (sinkValue = m));
  let refused = 0;
  const route = new SpotTextRoute(
    (c, m) => events.deliver(c, m),
    () => consumed++,
  );
  route.book = (text) => {
    const book = books.get(v2BookSymbolOf(text)); // as the data client's Spot feed picks the book
    const r = book?.applyText(text);
    if (r === undefined) return false;
    if (!r.ok) refused++;
    return true;
  };
  return {
    name: 'krakenkit client route + verified book (applyText)',
    run(frames) {
      refused = 0;
      for (let i = 0; i < frames.length; i++) if (!route.handle(frames[i]!)) refused++;
      return refused;
    },
  };
}

export function ccxtPath(symbols: readonly CorpusSymbol[]): Path {
  const ex = ccxtKraken(symbols);
  const client = ex.client(ex.urls.api.ws['publicV2']!);
  const event = { data: '' };
  return {
    name: 'ccxt.pro Kraken: client.onMessage → handleMessage',
    run(frames) {
      for (let i = 0; i < frames.length; i++) {
        event.data = frames[i]!;
        client.onMessage(event);
      }
      return 0;
    },
  };
}

export interface Timed {
  readonly name: string;
  readonly minCpuNs: number;
  readonly allCpuNs: number[];
  readonly refused: number;
}

/** One warm-up round, then `rounds` rounds with the paths interleaved; CPU ns per frame. */
export function timeInterleaved(paths: readonly Path[], frames: readonly string[], rounds: number): Timed[] {
  const cpu: number[][] = paths.map(() => []);
  const refused = paths.map((p) => p.run(frames));
  for (let r = 0; r < rounds; r++) {
    paths.forEach((p, k) => {
      const c0 = process.cpuUsage();
      p.run(frames);
      const c = process.cpuUsage(c0);
      cpu[k]!.push(((c.user + c.system) * 1000) / frames.length);
    });
  }
  void sinkValue;
  return paths.map((p, k) => ({ name: p.name, minCpuNs: Math.min(...cpu[k]!), allCpuNs: cpu[k]!, refused: refused[k]! }));
}
