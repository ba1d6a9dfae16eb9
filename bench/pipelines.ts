/**
 * The measured paths: frame text in → parse → validate → normalise to exact values → apply to the
 * book (checksum verified) → emit. Each returns the number of frames it emitted; a frame it
 * refuses is counted separately so the bench can prove every corpus frame was accepted.
 */
import { messageValidators } from '../generated/spot-ws-v2/validators.gen.js';
import { SpotOrderBook } from '../src/kraken/spot/book/spot-order-book.js';
import { parseVenueJson } from '../src/core/json.js';
import type { CorpusSymbol } from './corpus.js';
import { decodeTicker, decodeTrades, type TradeTick } from './decoders.js';
import { NaiveSpotBook, type NaiveBookMessage } from './naive-book.js';

export interface Sink {
  emitted: number;
  refused: number;
  last: unknown;
}

export type Pipeline = (frames: readonly string[], sink: Sink) => void;

/** Floor: a bare JSON.parse of the same strings. */
export function floorPipeline(): Pipeline {
  return (frames, sink) => {
    for (let i = 0; i < frames.length; i++) {
      sink.last = JSON.parse(frames[i]!);
      sink.emitted++;
    }
  };
}

const CHANNEL_KEY = '"channel":"';
const SYMBOL_KEY = '"symbol":"';

/** The value of `"channel":"…"` compared in place: 0 book, 1 trade, 2 ticker, -1 other. */
function channelOf(f: string): number {
  const i = f.indexOf(CHANNEL_KEY);
  if (i < 0) return -1;
  const at = i + CHANNEL_KEY.length;
  if (f.startsWith('book"', at)) return 0;
  if (f.startsWith('trade"', at)) return 1;
  if (f.startsWith('ticker"', at)) return 2;
  return -1;
}

/** The book whose symbol follows `"symbol":"`, found without slicing the frame. */
function bookFor(f: string, books: readonly SpotOrderBook[]): SpotOrderBook | undefined {
  const i = f.indexOf(SYMBOL_KEY);
  if (i < 0) return undefined;
  const at = i + SYMBOL_KEY.length;
  for (const b of books) {
    if (f.startsWith(b.symbol, at) && f.charCodeAt(at + b.symbol.length) === 34) return b;
  }
  return undefined;
}

/**
 * Fast: a dispatch hint from the frame text (the decoders re-check channel and symbol), then
 * SpotOrderBook decodes book frames itself; trade/ticker via hand-written cursor decoders.
 */
export function fastPipeline(symbols: readonly CorpusSymbol[]): Pipeline {
  const books = symbols.map((s) => new SpotOrderBook(s));
  const trades: TradeTick[] = [];
  return (frames, sink) => {
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]!;
      const channel = channelOf(f);
      if (channel === 0) {
        const book = bookFor(f, books);
        if (book !== undefined && book.apply(f).ok) {
          sink.last = book;
          sink.emitted++;
        } else sink.refused++;
      } else if (channel === 1) {
        if (decodeTrades(f, trades)) {
          for (const t of trades) sink.last = t;
          sink.emitted++;
        } else sink.refused++;
      } else {
        const t = decodeTicker(f);
        if (t !== undefined) {
          sink.last = t;
          sink.emitted++;
        } else sink.refused++;
      }
    }
  };
}

interface Parsed {
  channel: string;
  type: string;
  data: Record<string, unknown>[];
}

const V = messageValidators;

function validate(p: Parsed): boolean {
  if (p.channel === 'book') return (p.type === 'snapshot' ? V.BookSnapshot : V.BookUpdate)(p);
  if (p.channel === 'trade') return V.TradeMessage(p);
  if (p.channel === 'ticker') return V.TickerMessage(p);
  return false;
}

/** Lossless parse only (no validation, no book): where the generated-validator path spends its time. */
export function losslessParsePipeline(): Pipeline {
  return (frames, sink) => {
    for (let i = 0; i < frames.length; i++) {
      sink.last = parseVenueJson(frames[i]!);
      sink.emitted++;
    }
  };
}

/** Generated: parseVenueJson (lossless) + the generated ajv validators; the book takes the object. */
export function generatedValidatorPipeline(symbols: readonly CorpusSymbol[]): Pipeline {
  const books = new Map(symbols.map((s) => [s.symbol, new SpotOrderBook(s)]));
  return (frames, sink) => {
    for (let i = 0; i < frames.length; i++) {
      const p = parseVenueJson(frames[i]!) as Parsed;
      if (!validate(p)) {
        sink.refused++;
        continue;
      }
      if (p.channel === 'book') {
        const book = books.get(p.data[0]!.symbol as string);
        if (book !== undefined && book.apply(p).ok) {
          sink.last = book;
          sink.emitted++;
        } else sink.refused++;
      } else {
        for (const row of p.data) sink.last = row; // decimals are already exact strings
        sink.emitted++;
      }
    }
  };
}

/** Naive: parseVenueJson + generated validators + a decimal.js book. */
export function naivePipeline(symbols: readonly CorpusSymbol[]): Pipeline {
  const books = new Map(symbols.map((s) => [s.symbol, new NaiveSpotBook(s.depth, s.pricePrecision, s.qtyPrecision)]));
  return (frames, sink) => {
    for (let i = 0; i < frames.length; i++) {
      const p = parseVenueJson(frames[i]!) as Parsed;
      if (!validate(p)) {
        sink.refused++;
        continue;
      }
      if (p.channel === 'book') {
        const book = books.get(p.data[0]!.symbol as string);
        if (book !== undefined && book.apply(p as unknown as NaiveBookMessage)) {
          sink.last = book;
          sink.emitted++;
        } else sink.refused++;
      } else {
        for (const row of p.data) sink.last = row;
        sink.emitted++;
      }
    }
  };
}

/** Book frames only, raw text straight into the book (no router): the book's own cost. */
export function bookOnlyPipeline(symbols: readonly CorpusSymbol[]): Pipeline {
  const books = symbols.map((s) => new SpotOrderBook(s));
  return (frames, sink) => {
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]!;
      const book = bookFor(f, books)!;
      if (book.apply(f).ok) sink.emitted++;
      else sink.refused++;
    }
  };
}
