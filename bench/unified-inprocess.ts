/**
 * In process, Unified WebSocket: the same frame strings through three paths (timed with
 * `timeInterleaved` from inprocess.ts). ccxt has no Unified WebSocket client, so no ccxt column.
 *
 * - floor: `JSON.parse` of each frame;
 * - krakenkit: the Unified client's single-decode route (the shared `TextRoute` built as
 *   `KrakenUnifiedWsClient` builds it: `v2TextRouteOf`, the trade and ticker text decoders) with the
 *   typed events a client emits, and a `UnifiedLevelBook` per symbol taking book frames through
 *   `applyText`, as the data client registers it;
 * - krakenkit generic: `parseVenueJson`, the generated validator for the channel, then
 *   `UnifiedLevelBook.apply(object)` or the events (what a frame the route hands back costs).
 */
import { TextRoute } from '../src/kraken/common/text-route.js';
import { v2BookSymbolOf, v2TextRouteOf } from '../src/kraken/common/v2/channel-text.js';
import { decodeUwsTickerText, decodeUwsTradeText } from '../src/kraken/unified/channel-text-decoders.js';
import { validateUwsChannelFrame } from '../src/kraken/unified/frame-validation.js';
import { UnifiedLevelBook } from '../src/kraken/unified/level-book.js';
import type { UwsChannelMessage } from '../src/kraken/unified/types.js';
import type { KrakenUnifiedWsEvents } from '../src/kraken/unified/uws-client.js';
import { genericPath, listeningEvents, type Path, routedPath } from './inprocess.js';
import type { UnifiedCorpusSymbol } from './unified-corpus.js';

function booksFor(symbols: readonly UnifiedCorpusSymbol[]): Map<string, UnifiedLevelBook> {
  return new Map(symbols.map((s) => [s.symbol, new UnifiedLevelBook({ symbol: s.symbol, depth: s.depth })]));
}

export function unifiedKrakenkitPath(symbols: readonly UnifiedCorpusSymbol[]): Path {
  const books = booksFor(symbols);
  const events = listeningEvents<KrakenUnifiedWsEvents>();
  const route = new TextRoute<UwsChannelMessage>(v2TextRouteOf, [decodeUwsTradeText, decodeUwsTickerText], (m) =>
    events.deliver(m.channel, m),
  );
  // as the data client's Unified feed picks the book
  return routedPath('krakenkit Unified client route + book (applyText)', route, (text) => books.get(v2BookSymbolOf(text)));
}

export function unifiedGenericPath(symbols: readonly UnifiedCorpusSymbol[]): Path {
  const books = booksFor(symbols);
  const events = listeningEvents<KrakenUnifiedWsEvents>();
  return genericPath((frame) => {
    const checked = validateUwsChannelFrame(frame['channel'] as string, frame, 'bench');
    if (!checked.valid) return false;
    const m = checked.message;
    if (m.channel === 'book') return books.get(m.data[0]!.symbol)!.apply(m).ok;
    events.deliver(m.channel, m);
    return true;
  });
}
