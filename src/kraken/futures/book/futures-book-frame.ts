/**
 * Decodes a Futures `book_snapshot` / `book` frame into exact levels.
 *
 * Raw text is walked with JsonCursor so prices like `34892.50` keep their exact value without a
 * float round-trip (a `book` delta laid out exactly as Kraken writes it is first tried with a few
 * in-place comparisons, ≈ 30 % less per delta; anything else goes to the cursor); parsed objects are accepted too (decimals as strings from `parseVenueJson`,
 * or numbers from `JSON.parse`, read back through their shortest form).
 *
 * The text decoder also notes whether a frame is laid out other than the generated validator's
 * schema describes it (`unusual`: an unknown or repeated key, a missing required one, a decimal
 * written as a string or as `-0`, a timestamp or seq the generic route would read differently).
 * Such a frame is handed back on a client's single-decode route, and the generic route decides.
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
  /** Epoch ms, or -1 when absent or not a plain integer. */
  timestamp = -1;
  /** A delta's price and qty as written (what the generic route passes on). */
  deltaPrice = '';
  deltaQty = '';
  levels: FuturesLevel[] = [];
  /** Not laid out as the schema describes it (see above): the single-decode route hands it back. */
  unusual = false;

  begin(): void {
    this.isSnapshot = false;
    this.productId = '';
    this.seq = -1;
    this.timestamp = -1;
    this.deltaPrice = '';
    this.deltaQty = '';
    this.levels.length = 0;
    this.unusual = false;
  }
}

// Top-level keys, by bit: what each kind of frame may carry and must carry (the generated schemas).
const KEYS = ['feed', 'product_id', 'seq', 'side', 'price', 'qty', 'bids', 'asks', 'timestamp', 'tickSize'];
const SNAPSHOT_KEYS = 0b11_1100_0111;
const SNAPSHOT_REQUIRED = 0b01_1100_0111;
const DELTA_KEYS = 0b01_0011_1111;
const LEVEL_KEYS = ['price', 'qty'];

/**
 * The text of the decimal at the cursor. A string, `-0` (which the generic route rewrites) or an
 * exponent (which the validator bounds; Kraken's books never carry one) marks the frame unusual.
 */
function decimalText(c: JsonCursor, frame: FuturesBookFrame): string {
  if (c.peek() === 34) frame.unusual = true;
  c.decimalSpan();
  const t = c.text;
  const start = c.start;
  const end = c.end;
  if (end - start === 2 && t.charCodeAt(start) === 45 && t.charCodeAt(start + 1) === 48) frame.unusual = true;
  for (let i = start; i < end; i++) if ((t.charCodeAt(i) | 32) === 101) frame.unusual = true;
  return t.slice(start, end);
}

/** A plain non-negative integer of at most 15 digits (what the generic route keeps as a number), else -1. */
function plainInteger(c: JsonCursor): number {
  const ch = c.peek();
  if (ch < 48 || ch > 57) {
    c.skip();
    return -1;
  }
  c.numberSpan();
  const t = c.text;
  if (c.end - c.start > 15) return -1;
  let n = 0;
  for (let i = c.start; i < c.end; i++) {
    const d = t.charCodeAt(i);
    if (d < 48 || d > 57) return -1;
    n = n * 10 + (d - 48);
  }
  return n;
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

const DELTA_HEAD = '{"feed":"book","product_id":"';
const SELL_SEQ = '","side":"sell","seq":';
const BUY_SEQ = '","side":"buy","seq":';
const PRICE_KEY = ',"price":';
const QTY_KEY = ',"qty":';
const TIMESTAMP_KEY = ',"timestamp":';

/** End of the plain integer (1–15 digits, no leading zero) at `i`, or -1. */
function plainDigitsEnd(text: string, i: number): number {
  const start = i;
  while (i - start < 16) {
    const d = text.charCodeAt(i);
    if (d < 48 || d > 57) break;
    i++;
  }
  const n = i - start;
  return n === 0 || n > 15 || (n > 1 && text.charCodeAt(start) === 48) ? -1 : i;
}

/** End of the plain decimal number (digits, optionally `.` and digits; JSON's leading-zero rule) at `i`, or -1. */
function plainDecimalEnd(text: string, i: number): number {
  const start = i;
  let d = text.charCodeAt(i);
  if (d === 48) d = text.charCodeAt(++i);
  else if (d >= 49 && d <= 57) while (d >= 48 && d <= 57) d = text.charCodeAt(++i);
  else return -1;
  if (d === 46) {
    const fraction = ++i;
    d = text.charCodeAt(i);
    while (d >= 48 && d <= 57) d = text.charCodeAt(++i);
    if (i === fraction) return -1;
  }
  return i > start ? i : -1;
}

/**
 * A `book` delta laid out exactly as Kraken writes it (`feed`, `product_id`, `side`, `seq`, `price`,
 * `qty`, `timestamp`; compact; plain numbers), read with a few in-place comparisons. Anything else
 * (another order or spelling, whitespace, a string or exponent decimal, another product) returns
 * false before touching `frame`, and the cursor decoder below reads the frame and decides.
 * Where this accepts, it leaves `frame` as the cursor decoder would (property-tested together).
 */
function decodePlainDelta(text: string, frame: FuturesBookFrame, productId: string): boolean {
  let i = DELTA_HEAD.length;
  if (!text.startsWith(productId, i)) return false;
  i += productId.length;
  let side: number;
  if (text.startsWith(SELL_SEQ, i)) {
    side = 1;
    i += SELL_SEQ.length;
  } else if (text.startsWith(BUY_SEQ, i)) {
    side = 0;
    i += BUY_SEQ.length;
  } else return false;
  const seqStart = i;
  i = plainDigitsEnd(text, i);
  if (i < 0 || !text.startsWith(PRICE_KEY, i)) return false;
  const seqEnd = i;
  const priceStart = i + PRICE_KEY.length;
  i = plainDecimalEnd(text, priceStart);
  if (i < 0 || !text.startsWith(QTY_KEY, i)) return false;
  const priceEnd = i;
  const qtyStart = i + QTY_KEY.length;
  i = plainDecimalEnd(text, qtyStart);
  if (i < 0 || !text.startsWith(TIMESTAMP_KEY, i)) return false;
  const qtyEnd = i;
  const timestampStart = i + TIMESTAMP_KEY.length;
  i = plainDigitsEnd(text, timestampStart);
  if (i < 0 || i !== text.length - 1 || text.charCodeAt(i) !== 125) return false;
  const priceText = text.slice(priceStart, priceEnd);
  const qtyText = text.slice(qtyStart, qtyEnd);
  const price = canonicalDecimal(priceText);
  const qty = canonicalDecimal(qtyText);
  if (price === null || price === '0' || qty === null) return false; // the cursor decoder names the problem
  frame.begin();
  frame.productId = productId;
  frame.seq = digitsValue(text, seqStart, seqEnd);
  frame.timestamp = digitsValue(text, timestampStart, i);
  frame.deltaPrice = priceText;
  frame.deltaQty = qtyText;
  frame.levels.push({ side, value: Number(price), price, qty });
  return true;
}

/** The value of plain digits text[start, end) (at most 15 digits, so exact). */
function digitsValue(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}

export function decodeFuturesBookText(text: string, frame: FuturesBookFrame, productId: string): string | undefined {
  if (text.startsWith(DELTA_HEAD) && decodePlainDelta(text, frame, productId)) return undefined;
  frame.begin();
  const c = cursor;
  c.reset(text);
  let feed: string | undefined;
  let side: string | undefined;
  let price: string | undefined;
  let qty: string | undefined;
  let seen = 0;
  try {
    if (c.open(123, 125)) return 'empty object';
    do {
      const key = c.memberKey(KEYS);
      if (key >= 0) {
        if ((seen & (1 << key)) !== 0) frame.unusual = true;
        seen |= 1 << key;
      }
      switch (key) {
        case 0:
          feed = c.string();
          break;
        case 1:
          frame.productId = c.string();
          break;
        case 2:
          frame.seq = c.integer();
          if (c.end - c.start > 15) frame.unusual = true;
          break;
        case 3:
          side = c.string();
          break;
        case 4:
          price = decimalText(c, frame);
          break;
        case 5:
          qty = decimalText(c, frame);
          break;
        case 6:
        case 7:
          textLevels(c, frame, key === 6 ? 0 : 1);
          break;
        case 8:
          frame.timestamp = plainInteger(c);
          if (frame.timestamp < 0) frame.unusual = true;
          break;
        case 9: {
          const ch = c.peek(); // tickSize: null, or a decimal the route ignores as the generic one does
          if (ch === 45 || (ch >= 48 && ch <= 57)) decimalText(c, frame);
          else if (!c.isNull()) {
            c.skip();
            frame.unusual = true;
          }
          break;
        }
        default:
          c.skip();
          frame.unusual = true;
      }
    } while (c.more(125));
    c.finish();
    const problem = finish(frame, feed, productId);
    if (problem === undefined && frame.isSnapshot && (seen & 0b1100_0000) !== 0b1100_0000) return SNAPSHOT_WITHOUT_SIDES;
    if (problem === undefined) {
      const [allowed, required] = frame.isSnapshot ? [SNAPSHOT_KEYS, SNAPSHOT_REQUIRED] : [DELTA_KEYS, DELTA_KEYS];
      if ((seen & ~allowed) !== 0 || (seen & required) !== required) frame.unusual = true;
    }
    if (problem !== undefined || frame.isSnapshot) return problem;
    if (price === undefined || qty === undefined) return 'book delta without price or qty';
    if (frame.levels.length > 0) return 'book delta carrying bids/asks';
    frame.deltaPrice = price;
    frame.deltaQty = qty;
    frame.levels.push(level(sideCode(side), price, qty));
    return undefined;
  } catch (e) {
    if (e instanceof MalformedJson) return feed !== undefined && feed !== 'book' && feed !== 'book_snapshot' ? NOT_BOOK : e.why;
    throw e;
  }
}

function textLevels(c: JsonCursor, frame: FuturesBookFrame, side: number): void {
  if (c.open(91, 93)) return;
  do {
    if (c.open(123, 125)) c.fail('empty level');
    let price: string | undefined;
    let qty: string | undefined;
    do {
      const key = c.memberKey(LEVEL_KEYS);
      if (key === 0) {
        if (price !== undefined) frame.unusual = true;
        price = decimalText(c, frame);
      } else if (key === 1) {
        if (qty !== undefined) frame.unusual = true;
        qty = decimalText(c, frame);
      } else {
        c.skip();
        frame.unusual = true;
      }
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
      frame.levels.push(
        level(sideCode(typeof m.side === 'string' ? m.side : undefined), objectDecimalText(m.price), objectDecimalText(m.qty)),
      );
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
    frame.levels.push(level(side, objectDecimalText(price), objectDecimalText(qty)));
  }
}

function objectDecimalText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new MalformedJson('price/qty must be a decimal number or string');
}
