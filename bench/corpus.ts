/**
 * Deterministic Spot WS v2 corpus for the benchmark: 70 % `book`, 25 % `trade`, 5 % `ticker`
 * frames, generated from a seed at start (nothing large is committed).
 *
 * Book frames come from a small venue model per symbol (integer ticks, the visible window kept
 * at the subscribed depth, a level refilled from below when one is deleted, as Kraken does) and
 * carry the CRC32 Kraken would send, computed by an independent formatter here. Updates touch
 * 1–3 levels, biased to the top of the book as real L2 traffic is.
 */
import { crc32 } from 'node:zlib';

export interface CorpusSymbol {
  readonly symbol: string;
  readonly depth: number;
  readonly pricePrecision: number;
  readonly qtyPrecision: number;
  /** Mid price in ticks. */
  readonly midTicks: number;
}

export interface Corpus {
  readonly symbols: readonly CorpusSymbol[];
  readonly frames: string[];
  readonly counts: { book: number; trade: number; ticker: number; bytes: number };
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fmt(units: number, precision: number): string {
  const s = String(units).padStart(precision + 1, '0');
  return precision === 0 ? s : `${s.slice(0, s.length - precision)}.${s.slice(s.length - precision)}`;
}

/**
 * Checksum text of the top 10: a level formatted at the pair precision with the `.` removed and
 * leading zeros stripped is exactly the decimal text of its scaled integer (ticks, units).
 */
function crcPart(levels: [number, number][]): string {
  let out = '';
  for (let i = 0; i < levels.length && i < 10; i++) out += String(levels[i]![0]) + String(levels[i]![1]);
  return out;
}

/**
 * The venue holds a fuller book than the subscriber sees. A frame is the diff between the old and
 * new top-`depth` windows: changed or new levels with their absolute qty, deleted levels with qty
 * 0, and nothing for levels merely pushed out of the window (Kraken sends no delete for them).
 */
class Venue {
  bids: [number, number][] = [];
  asks: [number, number][] = [];
  constructor(
    readonly sym: CorpusSymbol,
    readonly rand: () => number,
  ) {
    for (let i = 0; i < sym.depth + 20; i++) {
      this.bids.push([sym.midTicks - 1 - i * 3, this.qty()]);
      this.asks.push([sym.midTicks + 1 + i * 3, this.qty()]);
    }
  }
  qty(): number {
    // half "round" quantities with trailing zeros, half full precision
    const units = 1 + Math.floor(this.rand() * 5_000_000);
    return this.rand() < 0.5 ? units * 1000 : units;
  }
  view(side: [number, number][]): [number, number][] {
    return side.slice(0, this.sym.depth);
  }
  checksum(): number {
    return crc32(crcPart(this.asks) + crcPart(this.bids)) >>> 0;
  }
  levelIndex(): number {
    // ~60 % of changes land in the top 10, the rest anywhere in the window
    return this.rand() < 0.6 ? Math.floor(this.rand() * 10) : Math.floor(this.rand() * this.sym.depth);
  }
  /** A tick on this side of the mid, biased towards the top, within a fixed band (no drift). */
  randomTick(bid: boolean): number {
    const band = 3 * (this.sym.depth + 20);
    const r = this.rand();
    const offset = 1 + Math.floor(r * r * band);
    return bid ? this.sym.midTicks - offset : this.sym.midTicks + offset;
  }
  insert(side: [number, number][], bid: boolean, price: number): void {
    let lo = 0;
    let hi = side.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const p = side[mid]![0];
      if (bid ? p > price : p < price) lo = mid + 1;
      else hi = mid;
    }
    // levels are replaced, never mutated: the old window keeps its own tuples for the diff
    if (lo < side.length && side[lo]![0] === price) side[lo] = [price, this.qty()];
    else side.splice(lo, 0, [price, this.qty()]);
  }
  /** One random change to the full book side (which is deeper than the subscriber's window). */
  change(side: [number, number][], bid: boolean): void {
    const kind = this.rand();
    if (kind < 0.55) {
      const i = this.levelIndex();
      side[i] = [side[i]![0], this.qty()];
    } else if (kind < 0.75) {
      side.splice(this.levelIndex(), 1);
      while (side.length < this.sym.depth + 10) this.insert(side, bid, this.randomTick(bid));
    } else {
      this.insert(side, bid, this.randomTick(bid));
      // the venue's own deep levels beyond what we model are simply forgotten (never visible)
      if (side.length > this.sym.depth + 40) side.length = this.sym.depth + 40;
    }
  }
}

/**
 * Levels of the new window that differ from the old one, plus qty-0 deletes. An old level missing
 * from the new window needs a delete only if it is better than the new window's worst level; a
 * worse one is dropped by the subscriber's truncation whether it was deleted or pushed out.
 */
function diff(before: [number, number][], after: [number, number][], bid: boolean, out: [number, number][]): void {
  const better = (a: number, b: number): boolean => (bid ? a > b : a < b);
  const worst = after[after.length - 1]![0];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const o = before[i];
    const n = after[j];
    if (n === undefined || (o !== undefined && better(o[0], n[0]))) {
      if (better(o![0], worst)) out.push([o![0], 0]);
      i++;
    } else if (o === undefined || better(n[0], o[0])) {
      out.push(n);
      j++;
    } else {
      if (o[1] !== n[1]) out.push(n);
      i++;
      j++;
    }
  }
}

function levelsJson(levels: [number, number][], sym: CorpusSymbol): string {
  let s = '[';
  for (let i = 0; i < levels.length; i++) {
    if (i > 0) s += ',';
    s += `{"price":${fmt(levels[i]![0], sym.pricePrecision)},"qty":${fmt(levels[i]![1], sym.qtyPrecision)}}`;
  }
  return `${s}]`;
}

function timestamp(n: number): string {
  const us = 1_700_000_000_000_000 + n * 1375;
  const d = new Date(Math.floor(us / 1000)).toISOString();
  return `${d.slice(0, 23)}${String(us % 1000).padStart(3, '0')}Z`;
}

/**
 * `symbols`: how many of the four pairs trade (default 4; 1 = BTC/USD alone); `bookShare`: the
 * share of book frames (default 0.7; the rest trade and ticker, 5 : 1).
 */
export function generateCorpus(opts: { seed: number; messages: number; depth: number; symbols?: number; bookShare?: number }): Corpus {
  const rand = rng(opts.seed);
  const symbols: CorpusSymbol[] = [
    { symbol: 'BTC/USD', depth: opts.depth, pricePrecision: 1, qtyPrecision: 8, midTicks: 1_059_442 },
    { symbol: 'ETH/USD', depth: opts.depth, pricePrecision: 2, qtyPrecision: 8, midTicks: 345_678 },
    { symbol: 'MATIC/USD', depth: opts.depth, pricePrecision: 4, qtyPrecision: 8, midTicks: 5_667 },
    { symbol: 'SOL/USD', depth: opts.depth, pricePrecision: 2, qtyPrecision: 8, midTicks: 14_321 },
  ];
  const bookShare = opts.bookShare ?? 0.7;
  const venues = symbols.slice(0, opts.symbols ?? symbols.length).map((s) => new Venue(s, rand));
  const frames: string[] = [];
  const counts = { book: 0, trade: 0, ticker: 0, bytes: 0 };
  let tradeId = 1;
  // every symbol starts with a snapshot
  for (const v of venues) {
    frames.push(
      `{"channel":"book","type":"snapshot","data":[{"symbol":"${v.sym.symbol}","bids":${levelsJson(v.view(v.bids), v.sym)},"asks":${levelsJson(v.view(v.asks), v.sym)},"checksum":${v.checksum()},"timestamp":"${timestamp(0)}"}]}`,
    );
    counts.book++;
  }
  const changedBids: [number, number][] = [];
  const changedAsks: [number, number][] = [];
  while (frames.length < opts.messages) {
    const v = venues[Math.floor(rand() * venues.length)]!;
    const s = v.sym;
    const r = rand();
    const ts = timestamp(frames.length);
    if (r < bookShare) {
      changedBids.length = 0;
      changedAsks.length = 0;
      const oldBids = v.view(v.bids);
      const oldAsks = v.view(v.asks);
      const n = 1 + Math.floor(rand() * rand() * 3);
      for (let k = 0; k < n; k++) {
        if (rand() < 0.5) v.change(v.bids, true);
        else v.change(v.asks, false);
      }
      diff(oldBids, v.view(v.bids), true, changedBids);
      diff(oldAsks, v.view(v.asks), false, changedAsks);
      if (changedBids.length + changedAsks.length === 0) continue;
      frames.push(
        `{"channel":"book","type":"update","data":[{"symbol":"${s.symbol}","bids":${levelsJson(changedBids, s)},"asks":${levelsJson(changedAsks, s)},"checksum":${v.checksum()},"timestamp":"${ts}"}]}`,
      );
      counts.book++;
    } else if (r < bookShare + ((1 - bookShare) * 5) / 6) {
      const n = 1 + Math.floor(rand() * rand() * 3);
      const trades: string[] = [];
      for (let k = 0; k < n; k++) {
        const buy = rand() < 0.5;
        const price = buy ? v.asks[0]![0] : v.bids[0]![0];
        trades.push(
          `{"symbol":"${s.symbol}","side":"${buy ? 'buy' : 'sell'}","price":${fmt(price, s.pricePrecision)},"qty":${fmt(v.qty(), s.qtyPrecision)},"ord_type":"${rand() < 0.7 ? 'market' : 'limit'}","trade_id":${tradeId++},"timestamp":"${ts}"}`,
        );
      }
      frames.push(`{"channel":"trade","type":"update","data":[${trades.join(',')}]}`);
      counts.trade++;
    } else {
      const bid = v.bids[0]!;
      const ask = v.asks[0]!;
      const p = (u: number) => fmt(u, s.pricePrecision);
      const change = Math.floor((rand() - 0.5) * 2000);
      frames.push(
        `{"channel":"ticker","type":"update","data":[{"symbol":"${s.symbol}","bid":${p(bid[0])},"bid_qty":${fmt(bid[1], s.qtyPrecision)},"ask":${p(ask[0])},"ask_qty":${fmt(ask[1], s.qtyPrecision)},"last":${p(ask[0])},"volume":${fmt(v.qty() * 100, s.qtyPrecision)},"vwap":${p(s.midTicks)},"low":${p(s.midTicks - 500)},"high":${p(s.midTicks + 500)},"change":${change < 0 ? '-' : ''}${p(Math.abs(change))},"change_pct":${(change / 100).toFixed(2)},"timestamp":"${ts}"}]}`,
      );
      counts.ticker++;
    }
  }
  // Frames arrive from the socket as flat strings decoded from a Buffer; template-built strings
  // are rope (cons) strings that every reader would otherwise flatten on first touch.
  for (let i = 0; i < frames.length; i++) {
    frames[i] = Buffer.from(frames[i]!, 'utf8').toString('utf8');
    counts.bytes += frames[i]!.length;
  }
  return { symbols: symbols.slice(0, venues.length), frames, counts };
}
