/**
 * In process, Futures WS v1: the same frame strings through four paths (timed with
 * `timeInterleaved` from inprocess.ts):
 *
 * - floor: `JSON.parse` of each frame;
 * - krakenkit: the Futures client's single-decode route (the shared `TextRoute` built as
 *   `KrakenFuturesWsClient` builds it: `futuresTextRouteOf`, the trade and ticker text decoders)
 *   with the typed events a client emits, and a verified `FuturesOrderBook` per product taking
 *   book frames through `applyText` (seq checked on every delta), as the data client registers it;
 * - krakenkit generic: what every frame cost before that route, and what a frame the route
 *   hands back still costs: `parseVenueJson`, the generated validator for its feed, then
 *   `FuturesOrderBook.apply(object)` or the events;
 * - ccxt.pro krakenfutures: ccxt's WebSocket client `onMessage` (its JSON decode and
 *   `handleMessage`: book snapshot and delta, trade and ticker handlers), ccxt as published.
 */
import ccxt from 'ccxt';
import { TextRoute } from '../src/kraken/common/text-route.js';
import { FuturesOrderBook } from '../src/kraken/futures/book/futures-order-book.js';
import {
  decodeFuturesTickerText,
  decodeFuturesTradeText,
  futuresBookProductOf,
  futuresTextRouteOf,
} from '../src/kraken/futures/ws/feed-text-decoders.js';
import { validateFuturesFeedFrame } from '../src/kraken/futures/ws/frame-validation.js';
import type { KrakenFuturesWsEvents } from '../src/kraken/futures/ws/futures-ws-client.js';
import type { FuturesWsFeedMessage } from '../src/kraken/futures/ws/types.js';
import type { FuturesCorpusProduct } from './futures-corpus.js';
import { genericPath, listeningEvents, type Path, routedPath } from './inprocess.js';

function booksFor(products: readonly FuturesCorpusProduct[]): Map<string, FuturesOrderBook> {
  return new Map(products.map((p) => [p.product, new FuturesOrderBook({ product: p.product })]));
}

export function futuresKrakenkitPath(products: readonly FuturesCorpusProduct[]): Path {
  const books = booksFor(products);
  const events = listeningEvents<KrakenFuturesWsEvents>();
  const route = new TextRoute<FuturesWsFeedMessage>(futuresTextRouteOf, [decodeFuturesTradeText, decodeFuturesTickerText], (m) =>
    events.deliver(m.feed, m),
  );
  return routedPath('krakenkit Futures client route + verified book (applyText)', route, (text) => books.get(futuresBookProductOf(text)));
}

export function futuresGenericPath(products: readonly FuturesCorpusProduct[]): Path {
  const books = booksFor(products);
  const events = listeningEvents<KrakenFuturesWsEvents>();
  return genericPath((frame) => {
    const feed = frame['feed'] as string;
    const checked = validateFuturesFeedFrame(feed, frame, 'bench');
    if (!checked.valid) return false;
    if (feed === 'book' || feed === 'book_snapshot') return books.get(frame['product_id'] as string)!.apply(checked.message).ok;
    events.deliver(feed, checked.message);
    return true;
  });
}

interface CcxtFutures {
  urls: { api: { ws: string } };
  client(url: string): { onMessage(event: { data: string }): void };
  setMarkets(markets: unknown[]): unknown;
}

export function futuresCcxtPath(products: readonly FuturesCorpusProduct[]): Path {
  const pro = (ccxt as unknown as { pro: Record<string, new (c: object) => CcxtFutures> }).pro;
  const ex = new pro['krakenfutures']!({ enableRateLimit: false });
  ex.setMarkets(
    products.map((p) => {
      const [base] = p.ccxtSymbol.split('/') as [string];
      return {
        id: p.product,
        symbol: p.ccxtSymbol,
        base,
        quote: 'USD',
        settle: 'USD',
        baseId: base,
        quoteId: 'USD',
        settleId: 'USD',
        type: 'swap',
        swap: true,
        linear: true,
        contract: true,
        contractSize: 1,
        active: true,
        precision: { price: 0.5, amount: 0.0001 },
        limits: {},
        info: { symbol: p.product },
      };
    }),
  );
  const client = ex.client(ex.urls.api.ws);
  const event = { data: '' };
  return {
    name: 'ccxt.pro krakenfutures: client.onMessage → handleMessage',
    run(frames) {
      for (let i = 0; i < frames.length; i++) {
        event.data = frames[i]!;
        client.onMessage(event);
      }
      return 0;
    },
  };
}
