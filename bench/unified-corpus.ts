/**
 * Deterministic Unified WebSocket corpus for the benchmark: a `book` snapshot per derivative
 * symbol, then ≈ 70 % `book` updates, 25 % `trade`, 5 % `ticker` frames, generated from a seed at
 * start. Written as the Unified WebSocket writes them (the v2 channel layout, prices and sizes as
 * JSON numbers with the trailing zeros Kraken keeps, RFC 3339 timestamps): an update changes 1–2
 * levels inside the subscribed depth, `qty` 0 removing one; the book is cut to the depth.
 */
import { rng } from './corpus.js';
import { type FrameWriter, mixFrames, size, TwoSidedBook } from './frame-mix.js';

export interface UnifiedCorpusSymbol {
  readonly symbol: string;
  readonly depth: number;
  /** Mid price in half-dollar ticks. */
  readonly midTicks: number;
}

export interface UnifiedCorpus {
  readonly symbols: readonly UnifiedCorpusSymbol[];
  readonly frames: string[];
  readonly counts: { book: number; trade: number; ticker: number; bytes: number };
}

const price = (ticks: number): string => (ticks % 2 === 0 ? `${ticks / 2}.0` : `${(ticks - 1) / 2}.5`);
const timestamp = (ms: number): string => `${new Date(ms).toISOString().slice(0, 23)}000Z`;
const levelText = (ticks: number, qty: string): string => `{"price":${price(ticks)},"qty":${qty}}`;

class Market extends TwoSidedBook implements FrameWriter {
  time = Date.UTC(2026, 11, 1, 9, 15, 7);
  tradeId = 4_281_736;

  constructor(
    readonly s: UnifiedCorpusSymbol,
    rand: () => number,
  ) {
    super(s.depth, s.midTicks, rand);
  }

  snapshot(): string {
    const level = (t: number, q: number): string => levelText(t, size(q));
    return (
      `{"channel":"book","type":"snapshot","data":[{"symbol":"${this.s.symbol}","bids":[${this.sideText(true, level)}],` +
      `"asks":[${this.sideText(false, level)}],"timestamp":"${timestamp(this.time)}"}]}`
    );
  }

  /** One or two levels changed, added or removed, biased to the top; never crossing the book. */
  book(): string {
    const bids: string[] = [];
    const asks: string[] = [];
    const n = 1 + Math.floor(this.rand() * 2);
    for (let k = 0; k < n; k++) {
      const { sell, ticks, units } = this.change();
      (sell ? asks : bids).push(levelText(ticks, units === 0 ? '0' : size(units)));
    }
    this.time += 1 + Math.floor(this.rand() * 20);
    return (
      `{"channel":"book","type":"update","data":[{"symbol":"${this.s.symbol}","bids":[${bids.join(',')}],` +
      `"asks":[${asks.join(',')}],"timestamp":"${timestamp(this.time)}"}]}`
    );
  }

  trade(): string {
    const buy = this.rand() < 0.5;
    return (
      `{"channel":"trade","type":"update","data":[{"symbol":"${this.s.symbol}","side":"${buy ? 'buy' : 'sell'}",` +
      `"qty":${size(this.units())},"price":${price(this.s.midTicks + (buy ? 1 : -1))},"ord_type":"${this.rand() < 0.7 ? 'market' : 'limit'}",` +
      `"trade_id":${this.tradeId++},"timestamp":"${timestamp(this.time)}"}]}`
    );
  }

  ticker(): string {
    const bid = price(this.s.midTicks - 1);
    const ask = price(this.s.midTicks + 1);
    return (
      `{"channel":"ticker","type":"update","data":[{"symbol":"${this.s.symbol}","bid":${bid},"bid_qty":${size(this.units())},` +
      `"ask":${ask},"ask_qty":${size(this.units())},"last":${ask},"volume":1843.219,"vwap":60712.43,"low":59980.5,"high":61544,` +
      `"change":812.5,"change_pct":1.35,"timestamp":"${timestamp(this.time)}"}]}`
    );
  }
}

/** `messages` frames after one snapshot per symbol (PF_XBTUSD and PF_ETHUSD). */
export function generateUnifiedCorpus(opts: { seed: number; messages: number; depth: number }): UnifiedCorpus {
  const rand = rng(opts.seed);
  const symbols: UnifiedCorpusSymbol[] = [
    { symbol: 'PF_XBTUSD', depth: opts.depth, midTicks: 122_061 },
    { symbol: 'PF_ETHUSD', depth: opts.depth, midTicks: 7_001 },
  ];
  const models = symbols.map((s) => new Market(s, rand));
  const { frames, counts } = mixFrames(models, opts.messages, rand);
  return { symbols, frames, counts };
}
