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
import { parseVenueJson } from '../src/core/json.js';
import { TextRoute } from '../src/kraken/common/text-route.js';
import { v2BookSymbolOf, v2TextRouteOf } from '../src/kraken/common/v2/channel-text.js';
import { decodeUwsTickerText, decodeUwsTradeText } from '../src/kraken/unified/channel-text-decoders.js';
import { validateUwsChannelFrame } from '../src/kraken/unified/frame-validation.js';
import { UnifiedLevelBook } from '../src/kraken/unified/level-book.js';
import type { UwsChannelMessage } from '../src/kraken/unified/types.js';
import type { KrakenUnifiedWsEvents } from '../src/kraken/unified/uws-client.js';
import { TypedEmitter } from '../src/transport/ws/typed-emitter.js';
import type { Path } from './inprocess.js';
import type { UnifiedCorpusSymbol } from './unified-corpus.js';

class Events extends TypedEmitter<KrakenUnifiedWsEvents> {
  deliver(message: UwsChannelMessage): void {
    this.emit('message', message);
    (this.emit as (e: string, m: unknown) => void)(message.channel, message);
  }
}

let sinkValue: unknown;

function booksFor(symbols: readonly UnifiedCorpusSymbol[]): Map<string, UnifiedLevelBook> {
  return new Map(symbols.map((s) => [s.symbol, new UnifiedLevelBook({ symbol: s.symbol, depth: s.depth })]));
}

function listening(): Events {
  const events = new Events();
  events.on('trade', (m) => (sinkValue = m));
  events.on('ticker', (m) => (sinkValue = m));
  return events;
}

export function unifiedKrakenkitPath(symbols: readonly UnifiedCorpusSymbol[]): Path {
  const books = booksFor(symbols);
  const events = listening();
  let refused = 0;
  const route = new TextRoute<UwsChannelMessage>(v2TextRouteOf, [decodeUwsTradeText, decodeUwsTickerText], (m) => events.deliver(m));
  route.book = (text) => {
    const r = books.get(v2BookSymbolOf(text))?.applyText(text); // as the data client's Unified feed picks the book
    if (r === undefined) return false;
    if (!r.ok) refused++;
    return true;
  };
  return {
    name: 'krakenkit Unified client route + book (applyText)',
    run(frames) {
      refused = 0;
      for (let i = 0; i < frames.length; i++) if (!route.handle(frames[i]!)) refused++;
      void sinkValue;
      return refused;
    },
  };
}

export function unifiedGenericPath(symbols: readonly UnifiedCorpusSymbol[]): Path {
  const books = booksFor(symbols);
  const events = listening();
  return {
    name: 'krakenkit generic route (parseVenueJson, validator, apply(object))',
    run(frames) {
      let refused = 0;
      for (let i = 0; i < frames.length; i++) {
        const frame = parseVenueJson(frames[i]!) as Record<string, unknown>;
        const checked = validateUwsChannelFrame(frame['channel'] as string, frame, 'bench');
        if (!checked.valid) {
          refused++;
          continue;
        }
        const m = checked.message;
        if (m.channel === 'book') {
          if (!books.get(m.data[0]!.symbol)!.apply(m).ok) refused++;
        } else events.deliver(m);
      }
      return refused;
    },
  };
}
