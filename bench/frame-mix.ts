/**
 * The frame mix of the derivative corpora (Futures WS v1 and the Unified WebSocket): a snapshot
 * per market, then ≈ 70 % book, 25 % trade and 5 % ticker frames from a market picked at random,
 * returned as flat strings (frames arrive from a socket decoded from a Buffer, not as the rope
 * strings template literals build).
 */

/** A size in 1e-4 units, written with four decimals as Kraken does for these products (`0.0150`). */
export const size = (units: number): string => `${Math.floor(units / 10_000)}.${String(units % 10_000).padStart(4, '0')}`;

/**
 * Both sides of a derivative market in half-dollar ticks (price → size in 1e-4 units), `depth`
 * levels a side around the mid, and the one change every book frame makes: a level near the top
 * set or, if present, sometimes removed. Never crossed: bids stay under the mid, asks over it.
 */
export class TwoSidedBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();

  constructor(
    readonly depth: number,
    readonly midTicks: number,
    readonly rand: () => number,
  ) {
    for (let i = 0; i < depth; i++) {
      this.bids.set(midTicks - 1 - i, this.units());
      this.asks.set(midTicks + 1 + i, this.units());
    }
  }

  units(): number {
    return 1 + Math.floor(this.rand() * 200_000);
  }

  /** The side's levels, best first, each written by `write(ticks, units)`, joined with commas. */
  sideText(bids: boolean, write: (ticks: number, units: number) => string): string {
    return [...(bids ? this.bids : this.asks).entries()]
      .sort((a, b) => (bids ? b[0] - a[0] : a[0] - b[0]))
      .map(([t, q]) => write(t, q))
      .join(',');
  }

  /** One level changed or added (or removed: `units` 0), biased to the top of the book. */
  change(): { sell: boolean; ticks: number; units: number } {
    const sell = this.rand() < 0.5;
    const offset = Math.floor(this.depth * this.rand() ** 3);
    const ticks = sell ? this.midTicks + 1 + offset : this.midTicks - 1 - offset;
    const side = sell ? this.asks : this.bids;
    if (side.has(ticks) && this.rand() < 0.3) {
      side.delete(ticks);
      return { sell, ticks, units: 0 };
    }
    const units = this.units();
    side.set(ticks, units);
    return { sell, ticks, units };
  }
}

/** A market model that writes its own frames. */
export interface FrameWriter {
  snapshot(): string;
  book(): string;
  trade(): string;
  ticker(): string;
}

export interface FrameMix {
  readonly frames: string[];
  readonly counts: { book: number; trade: number; ticker: number; bytes: number };
}

export function mixFrames(markets: readonly FrameWriter[], messages: number, rand: () => number): FrameMix {
  const frames = markets.map((m) => m.snapshot());
  const counts = { book: frames.length, trade: 0, ticker: 0, bytes: 0 };
  while (frames.length < messages) {
    const m = markets[Math.floor(rand() * markets.length)]!;
    const r = rand();
    if (r < 0.7) {
      frames.push(m.book());
      counts.book++;
    } else if (r < 0.95) {
      frames.push(m.trade());
      counts.trade++;
    } else {
      frames.push(m.ticker());
      counts.ticker++;
    }
  }
  for (let i = 0; i < frames.length; i++) {
    frames[i] = Buffer.from(frames[i]!, 'utf8').toString('utf8');
    counts.bytes += frames[i]!.length;
  }
  return { frames, counts };
}
