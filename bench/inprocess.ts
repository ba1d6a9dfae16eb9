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
import { parseVenueJson } from '../src/core/json.js';
import { SpotOrderBook } from '../src/kraken/spot/book/spot-order-book.js';
import { v2BookSymbolOf } from '../src/kraken/common/v2/channel-text.js';
import { SpotTextRoute } from '../src/kraken/spot/ws/spot-text-route.js';
import type { KrakenSpotWsEvents } from '../src/kraken/spot/ws/spot-ws-client.js';
import type { SpotWsChannelMessage } from '../src/kraken/spot/ws/types.js';
import { type EventMap, TypedEmitter } from '../src/transport/ws/typed-emitter.js';
import { ccxtKraken } from './ccxt-kraken.js';
import type { CorpusSymbol } from './corpus.js';

export interface Path {
  readonly name: string;
  /** Runs every frame once; returns how many were refused. */
  run(frames: readonly string[]): number;
}

/** A client's typed events as it emits them for a decoded message: `message`, then the message's own event. */
export class ClientEvents<E extends EventMap> extends TypedEmitter<E> {
  deliver(name: string, message: unknown): void {
    (this.emit as unknown as (e: string, m: unknown) => void)('message', message);
    (this.emit as unknown as (e: string, m: unknown) => void)(name, message);
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

/** What `routedPath` needs of a client's text route (`SpotTextRoute`, the shared `TextRoute`). */
export interface FrameRoute {
  book: ((text: string) => boolean) | undefined;
  handle(text: string): boolean;
}

/**
 * A client's single-decode route with a book per symbol taking book frames through `applyText`,
 * as the data client registers it: a frame the route hands back, or a book refuses, counts as refused.
 */
export function routedPath(
  name: string,
  route: FrameRoute,
  bookFor: (text: string) => { applyText(text: string): { readonly ok: boolean } | undefined } | undefined,
): Path {
  let refused = 0;
  route.book = (text) => {
    const r = bookFor(text)?.applyText(text);
    if (r === undefined) return false;
    if (!r.ok) refused++;
    return true;
  };
  return {
    name,
    run(frames) {
      refused = 0;
      for (let i = 0; i < frames.length; i++) if (!route.handle(frames[i]!)) refused++;
      void sinkValue;
      return refused;
    },
  };
}

/**
 * A client's generic route: the lossless parse of every frame, then `take` (the generated
 * validator, then the book's `apply(object)` or the events); `take` returning false counts as refused.
 */
export function genericPath(take: (frame: Record<string, unknown>) => boolean): Path {
  return {
    name: 'krakenkit generic route (parseVenueJson, validator, apply(object))',
    run(frames) {
      let refused = 0;
      for (let i = 0; i < frames.length; i++) if (!take(parseVenueJson(frames[i]!) as Record<string, unknown>)) refused++;
      return refused;
    },
  };
}

/** Trade and ticker events with a listener each, as a data client listens. */
export function listeningEvents<E extends EventMap>(): ClientEvents<E> {
  const events = new ClientEvents<E>();
  const keep = (m: unknown): void => void (sinkValue = m);
  (events.on as unknown as (e: string, f: (m: unknown) => void) => void)('trade', keep);
  (events.on as unknown as (e: string, f: (m: unknown) => void) => void)('ticker', keep);
  return events;
}

export function krakenkitPath(symbols: readonly CorpusSymbol[]): Path {
  const books = new Map(symbols.map((s) => [s.symbol, new SpotOrderBook(s)]));
  const events = listeningEvents<KrakenSpotWsEvents>();
  let consumed = 0;
  const route = new SpotTextRoute(
    (c, m: SpotWsChannelMessage) => events.deliver(c, m),
    () => consumed++,
  );
  // as the data client's Spot feed picks the book
  return routedPath('krakenkit client route + verified book (applyText)', route, (text) => books.get(v2BookSymbolOf(text)));
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
