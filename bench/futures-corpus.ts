/**
 * Deterministic Futures WS v1 corpus for the benchmark: a `book_snapshot` per product, then ≈ 70 %
 * `book`, 25 % `trade`, 5 % `ticker` frames, generated from a seed at start (nothing large is
 * committed). Written as Kraken writes them: compact JSON, prices and sizes as JSON numbers (sizes
 * with the trailing zeros Kraken keeps, e.g. `0.0150`), one level per `book` delta with the
 * product's next `seq`, `qty` 0 removing a level. Futures books carry no checksum.
 */
import { rng } from './corpus.js';
import { type FrameWriter, mixFrames, size, TwoSidedBook } from './frame-mix.js';

export interface FuturesCorpusProduct {
  readonly product: string;
  /** ccxt's unified symbol for the product. */
  readonly ccxtSymbol: string;
  /** Levels per side in the snapshot. */
  readonly depth: number;
  /** Mid price in half-dollar ticks. */
  readonly midTicks: number;
}

export interface FuturesCorpus {
  readonly products: readonly FuturesCorpusProduct[];
  readonly frames: string[];
  readonly counts: { book: number; trade: number; ticker: number; bytes: number };
}

/** A price of `ticks` half-dollar ticks, as Kraken writes it (`67911.5`, `67912`). */
const price = (ticks: number): string => (ticks % 2 === 0 ? String(ticks / 2) : `${(ticks - 1) / 2}.5`);

class Product extends TwoSidedBook implements FrameWriter {
  seq = 326_072_249;
  tradeSeq = 653_355;
  time = 1_772_442_907_197;

  constructor(
    readonly p: FuturesCorpusProduct,
    rand: () => number,
  ) {
    super(p.depth, p.midTicks, rand);
  }

  snapshot(): string {
    const level = (t: number, q: number): string => `{"price":${price(t)},"qty":${size(q)}}`;
    return (
      `{"feed":"book_snapshot","product_id":"${this.p.product}","timestamp":${this.time},"seq":${this.seq},"tickSize":null,` +
      `"bids":[${this.sideText(true, level)}],"asks":[${this.sideText(false, level)}]}`
    );
  }

  /** One level changed, added or removed, biased to the top of the book. */
  book(): string {
    const { sell, ticks, units } = this.change();
    this.seq++;
    this.time += 1 + Math.floor(this.rand() * 20);
    return (
      `{"feed":"book","product_id":"${this.p.product}","side":"${sell ? 'sell' : 'buy'}","seq":${this.seq},` +
      `"price":${price(ticks)},"qty":${units === 0 ? '0.0' : size(units)},"timestamp":${this.time}}`
    );
  }

  trade(): string {
    this.tradeSeq++;
    const uid = `05af78ac-a774-478c-a50c-${String(this.tradeSeq).padStart(12, '0')}`;
    const ticks = this.p.midTicks + (this.rand() < 0.5 ? 1 : -1);
    return (
      `{"feed":"trade","product_id":"${this.p.product}","uid":"${uid}","side":"${this.rand() < 0.5 ? 'buy' : 'sell'}",` +
      `"type":"fill","seq":${this.tradeSeq},"time":${this.time},"qty":${size(this.units())},"price":${price(ticks)}}`
    );
  }

  ticker(): string {
    const bid = price(this.p.midTicks - 1);
    const ask = price(this.p.midTicks + 1);
    return (
      `{"time":${this.time},"product_id":"${this.p.product}","funding_rate":-6.2604214e-11,"funding_rate_prediction":-3.65989977e-10,` +
      `"relative_funding_rate":-1.380384722222e-6,"relative_funding_rate_prediction":-8.047629166667e-6,"next_funding_rate_time":1772445600000,` +
      `"feed":"ticker","bid":${bid},"ask":${ask},"bid_size":${size(this.units())},"ask_size":${size(this.units())},"volume":2104.3306,` +
      `"dtm":0,"leverage":"50x","index":${bid},"premium":-0.0,"last":${ask},"change":1.9974017538161748,"suspended":false,` +
      `"tag":"perpetual","pair":"XBT:USD","openInterest":1503.2580,"markPrice":67899.68641534714,"maturityTime":0,"post_only":false,` +
      `"volumeQuote":142886211.35,"open":66568.5,"high":68123.0,"low":66456.0}`
    );
  }
}

/** `messages` frames after one snapshot per product (PF_XBTUSD and PF_ETHUSD). */
export function generateFuturesCorpus(opts: { seed: number; messages: number; depth: number }): FuturesCorpus {
  const rand = rng(opts.seed);
  const products: FuturesCorpusProduct[] = [
    { product: 'PF_XBTUSD', ccxtSymbol: 'BTC/USD:USD', depth: opts.depth, midTicks: 135_823 },
    { product: 'PF_ETHUSD', ccxtSymbol: 'ETH/USD:USD', depth: opts.depth, midTicks: 7_001 },
  ];
  const models = products.map((p) => new Product(p, rand));
  const { frames, counts } = mixFrames(models, opts.messages, rand);
  return { products, frames, counts };
}
