/**
 * Decodes a Futures `book_snapshot` / `book` frame into exact levels.
 *
 * Raw text is walked with JsonCursor so prices like `34892.50` keep their exact value without a
 * float round-trip; parsed objects are accepted too (decimals as strings from `parseVenueJson`,
 * or numbers from `JSON.parse`, read back through their shortest form).
 */
import { checkUnknownFields, JsonCursor, MalformedJson } from '../../book/json-cursor.js';

// The fields the text decoder reads; any other is skipped there, and checked the same way by the object decoder.
const FRAME_FIELDS: ReadonlySet<string> = new Set(['feed', 'product_id', 'seq', 'side', 'price', 'qty', 'bids', 'asks']);
const LEVEL_FIELDS: ReadonlySet<string> = new Set(['price', 'qty']);
import { canonicalDecimal } from '../../book/decimal-text.js';

export const NOT_BOOK = 'not-book-message';
export const WRONG_PRODUCT = 'symbol-mismatch';

export interface FuturesLevel {
  /** 0 bid, 1 ask. */
  side: number;
  value: number;
  price: string;
  /** Canonical qty; `"0"` deletes (or, in a snapshot, is skipped). */
  qty: string;
}

export class FuturesBookFrame {
  isSnapshot = false;
  productId = '';
  seq = -1;
  levels: FuturesLevel[] = [];

  begin(): void {
    this.isSnapshot = false;
    this.productId = '';
    this.seq = -1;
    this.levels.length = 0;
  }
}

function level(side: number, priceText: string, qtyText: string): FuturesLevel {
  const price = canonicalDecimal(priceText);
  const qty = canonicalDecimal(qtyText);
  if (price === null || price === '0') throw new MalformedJson(`price ${priceText} is not a positive decimal`);
  if (qty === null) throw new MalformedJson(`qty ${qtyText} is not a non-negative decimal`);
  return { side, value: Number(price), price, qty };
}

function sideCode(side: string | undefined): number {
  if (side === 'buy') return 0;
  if (side === 'sell') return 1;
  throw new MalformedJson(`side must be buy or sell, got ${String(side)}`);
}

function finish(frame: FuturesBookFrame, feed: string | undefined, productId: string): string | undefined {
  if (feed === 'book_snapshot') frame.isSnapshot = true;
  else if (feed !== 'book') return NOT_BOOK;
  if (frame.productId !== productId) return frame.productId === '' ? 'missing product_id' : WRONG_PRODUCT;
  if (frame.seq < 0) return 'missing seq';
  return undefined;
}

const cursor = new JsonCursor();

export function decodeFuturesBookText(text: string, frame: FuturesBookFrame, productId: string): string | undefined {
  frame.begin();
  const c = cursor;
  c.reset(text);
  let feed: string | undefined;
  let side: string | undefined;
  let price: string | undefined;
  let qty: string | undefined;
  let sides = 0;
  try {
    if (c.open(123, 125)) return 'empty object';
    do {
      const key = c.string();
      c.expect(58);
      switch (key) {
        case 'feed':
          feed = c.string();
          break;
        case 'product_id':
          frame.productId = c.string();
          break;
        case 'seq':
          frame.seq = c.integer();
          break;
        case 'side':
          side = c.string();
          break;
        case 'price':
          c.decimalSpan();
          price = text.slice(c.start, c.end);
          break;
        case 'qty':
          c.decimalSpan();
          qty = text.slice(c.start, c.end);
          break;
        case 'bids':
        case 'asks':
          sides |= key === 'bids' ? 1 : 2;
          textLevels(c, frame, key === 'bids' ? 0 : 1);
          break;
        default:
          c.skip();
      }
    } while (c.more(125));
    c.finish();
    const problem = finish(frame, feed, productId);
    if (problem === undefined && frame.isSnapshot && sides !== 3) return SNAPSHOT_WITHOUT_SIDES;
    if (problem !== undefined || frame.isSnapshot) return problem;
    if (price === undefined || qty === undefined) return 'book delta without price or qty';
    if (frame.levels.length > 0) return 'book delta carrying bids/asks';
    frame.levels.push(level(sideCode(side), price, qty));
    return undefined;
  } catch (e) {
    if (e instanceof MalformedJson) return feed !== undefined && feed !== 'book' && feed !== 'book_snapshot' ? NOT_BOOK : e.why;
    throw e;
  }
}

function textLevels(c: JsonCursor, frame: FuturesBookFrame, side: number): void {
  if (c.open(91, 93)) return;
  const text = c.text;
  do {
    if (c.open(123, 125)) c.fail('empty level');
    let price: string | undefined;
    let qty: string | undefined;
    do {
      const key = c.string();
      c.expect(58);
      if (key === 'price') {
        c.decimalSpan();
        price = text.slice(c.start, c.end);
      } else if (key === 'qty') {
        c.decimalSpan();
        qty = text.slice(c.start, c.end);
      } else c.skip();
    } while (c.more(125));
    if (price === undefined || qty === undefined) c.fail('level without price or qty');
    frame.levels.push(level(side, price, qty));
  } while (c.more(93));
}

export function decodeFuturesBookObject(message: unknown, frame: FuturesBookFrame, productId: string): string | undefined {
  frame.begin();
  if (typeof message !== 'object' || message === null) return 'not an object';
  const m = message as Record<string, unknown>;
  if (m.feed !== 'book' && m.feed !== 'book_snapshot') return NOT_BOOK;
  if (typeof m.product_id === 'string') frame.productId = m.product_id;
  if (typeof m.seq === 'number' && Number.isSafeInteger(m.seq) && m.seq >= 0) frame.seq = m.seq;
  const problem = finish(frame, m.feed, productId);
  if (problem !== undefined) return problem;
  try {
    checkUnknownFields(m, FRAME_FIELDS);
    if (frame.isSnapshot) {
      objectLevels(m.bids, frame, 0);
      objectLevels(m.asks, frame, 1);
    } else {
      frame.levels.push(level(sideCode(typeof m.side === 'string' ? m.side : undefined), decimalText(m.price), decimalText(m.qty)));
    }
  } catch (e) {
    if (e instanceof MalformedJson) return e.why;
    throw e;
  }
  return undefined;
}

/**
 * A snapshot must carry both sides: one without `bids` or `asks` is a broken frame, not an
 * empty book (an empty side is `[]`), and accepting it would wipe a valid book.
 */
const SNAPSHOT_WITHOUT_SIDES = 'book snapshot without bids or asks';

function objectLevels(levels: unknown, frame: FuturesBookFrame, side: number): void {
  if (levels === undefined) throw new MalformedJson(SNAPSHOT_WITHOUT_SIDES);
  if (!Array.isArray(levels)) throw new MalformedJson('bids/asks must be arrays');
  for (const l of levels) {
    if (typeof l !== 'object' || l === null) throw new MalformedJson('level must be an object');
    checkUnknownFields(l as object, LEVEL_FIELDS);
    const { price, qty } = l as { price?: unknown; qty?: unknown };
    frame.levels.push(level(side, decimalText(price), decimalText(qty)));
  }
}

function decimalText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new MalformedJson('price/qty must be a decimal number or string');
}
