/**
 * Deterministic Unified WebSocket corpus for the benchmark: a `book` snapshot per derivative
 * symbol, then ≈ 70 % `book` updates, 25 % `trade`, 5 % `ticker` frames, generated from a seed at
 * start. Written as the Unified WebSocket writes them (the v2 channel layout, prices and sizes as
 * JSON numbers with the trailing zeros Kraken keeps, RFC 3339 timestamps): an update changes 1–2
 * levels inside the subscribed depth, `qty` 0 removing one; the book is cut to the depth.
 */
import { rng } from './corpus.js';

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
const size = (units: number): string => `${Math.floor(units / 10_000)}.${String(units % 10_000).padStart(4, '0')}`;
const timestamp = (ms: number): string => `${new Date(ms).toISOString().slice(0, 23)}000Z`;
const levelText = (ticks: number, qty: string): string => `{"price":${price(ticks)},"qty":${qty}}`;

class Market {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();
  time = Date.UTC(2026, 11, 1, 9, 15, 7);
  tradeId = 4_281_736;

  constructor(
    readonly s: UnifiedCorpusSymbol,
    readonly rand: () => number,
  ) {
    for (let i = 0; i < s.depth; i++) {
      this.bids.set(s.midTicks - 1 - i, this.units());
      this.asks.set(s.midTicks + 1 + i, this.units());
    }
  }

  units(): number {
    return 1 + Math.floor(this.rand() * 200_000);
  }

  snapshot(): string {
    const side = (m: Map<number, number>, desc: boolean): string =>
      [...m.entries()]
        .sort((a, b) => (desc ? b[0] - a[0] : a[0] - b[0]))
        .map(([t, q]) => levelText(t, size(q)))
        .join(',');
    return (
      `{"channel":"book","type":"snapshot","data":[{"symbol":"${this.s.symbol}","bids":[${side(this.bids, true)}],` +
      `"asks":[${side(this.asks, false)}],"timestamp":"${timestamp(this.time)}"}]}`
    );
  }

  /** One or two levels changed, added or removed, biased to the top; never crossing the book. */
  update(): string {
    const bids: string[] = [];
    const asks: string[] = [];
    const n = 1 + Math.floor(this.rand() * 2);
    for (let k = 0; k < n; k++) {
      const sell = this.rand() < 0.5;
      const offset = Math.floor(this.s.depth * this.rand() ** 3);
      const ticks = sell ? this.s.midTicks + 1 + offset : this.s.midTicks - 1 - offset;
      const side = sell ? this.asks : this.bids;
      const remove = side.has(ticks) && this.rand() < 0.3;
      if (remove) side.delete(ticks);
      else side.set(ticks, this.units());
      (sell ? asks : bids).push(levelText(ticks, remove ? '0' : size(side.get(ticks)!)));
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
  const markets = symbols.map((s) => new Market(s, rand));
  const frames = markets.map((m) => m.snapshot());
  const counts = { book: frames.length, trade: 0, ticker: 0, bytes: 0 };
  while (frames.length < opts.messages) {
    const m = markets[Math.floor(rand() * markets.length)]!;
    const r = rand();
    if (r < 0.7) {
      frames.push(m.update());
      counts.book++;
    } else if (r < 0.95) {
      frames.push(m.trade());
      counts.trade++;
    } else {
      frames.push(m.ticker());
      counts.ticker++;
    }
  }
  // Frames arrive from the socket as flat strings decoded from a Buffer, not as template-built ropes.
  for (let i = 0; i < frames.length; i++) {
    frames[i] = Buffer.from(frames[i]!, 'utf8').toString('utf8');
    counts.bytes += frames[i]!.length;
  }
  return { symbols, frames, counts };
}
