/**
 * Decodes one Spot v2 `book` frame's raw WS text into reusable scratch arrays of exact scaled
 * levels: the text is walked with JsonCursor and number tokens are read as text, never through a
 * float. (Already parsed frames go through spot-book-object.ts.)
 */
import { JsonCursor, MalformedJson } from '../../book/json-cursor.js';
import { SCALE_INVALID, SCALE_OVERFLOW, scaleDecimal, scaleDecimalDigits } from '../../book/decimal-text.js';
import { BIG_QTY } from './price-ladder.js';

export const SIDE_BID = 0;
export const SIDE_ASK = 1;

/** Decoder outcomes other than success. */
export const NOT_BOOK = 'not-book-message';
export const WRONG_SYMBOL = 'symbol-mismatch';

export class SpotBookFrame {
  isSnapshot = false;
  symbol = '';
  checksum = -1;
  /**
   * The row's `timestamp` as a span of the frame text, made a string only when asked for
   * (`timestamp`): a consumer that does not read it costs no allocation per frame.
   */
  private tsText = '';
  private tsStart = -1;
  private tsEnd = -1;
  private tsValue: string | undefined = undefined;
  /** An unknown key or a repeated data key: decoded, but not the way Kraken writes it. */
  unusual = false;
  count = 0;
  sides = new Uint8Array(64);
  prices = new Float64Array(64);
  qtys = new Float64Array(64);
  /** Digits of quantities marked BIG_QTY, by level index. */
  bigQtys: (string | undefined)[] = [];

  begin(): void {
    this.isSnapshot = false;
    this.count = 0;
    this.checksum = -1;
    this.symbol = '';
    this.tsStart = -1;
    this.tsValue = undefined;
    this.tsText = '';
    this.unusual = false;
    if (this.bigQtys.length > 0) this.bigQtys.length = 0;
  }

  /** The row's `timestamp`, when it has one. */
  get timestamp(): string | undefined {
    if (this.tsValue === undefined && this.tsStart >= 0) this.tsValue = this.tsText.slice(this.tsStart, this.tsEnd);
    return this.tsValue;
  }

  set timestamp(value: string | undefined) {
    this.tsValue = value;
    this.tsStart = -1;
  }

  /** The timestamp is `text[start, end)` (unescaped string content). */
  timestampSpan(text: string, start: number, end: number): void {
    this.tsText = text;
    this.tsStart = start;
    this.tsEnd = end;
    this.tsValue = undefined;
  }

  push(side: number, price: number, qty: number, bigQty: string | undefined): void {
    const k = this.count;
    if (k === this.prices.length) this.grow();
    this.sides[k] = side;
    this.prices[k] = price;
    this.qtys[k] = qty;
    if (bigQty !== undefined) this.bigQtys[k] = bigQty;
    this.count = k + 1;
  }

  private grow(): void {
    const n = this.prices.length * 2;
    const sides = new Uint8Array(n);
    const prices = new Float64Array(n);
    const qtys = new Float64Array(n);
    sides.set(this.sides);
    prices.set(this.prices);
    qtys.set(this.qtys);
    this.sides = sides;
    this.prices = prices;
    this.qtys = qtys;
  }
}

/** Scales a price token; a price must be positive and fit the exact integer range. */
export function scalePrice(text: string, start: number, end: number, precision: number): number {
  const p = scaleDecimal(text, start, end, precision);
  if (p <= 0) throw new MalformedJson(`price ${text.slice(start, end)} is not a positive decimal at precision ${precision}`);
  return p;
}

/** Scales a qty token; pushes the level. */
export function pushLevel(
  frame: SpotBookFrame,
  side: number,
  price: number,
  text: string,
  start: number,
  end: number,
  precision: number,
): void {
  const q = scaleDecimal(text, start, end, precision);
  if (q === SCALE_INVALID) {
    throw new MalformedJson(`qty ${text.slice(start, end)} is not a non-negative decimal at precision ${precision}`);
  }
  if (q === SCALE_OVERFLOW) {
    const digits = scaleDecimalDigits(text.slice(start, end), precision);
    if (digits === null) throw new MalformedJson(`qty ${text.slice(start, end)} is not representable`);
    frame.push(side, price, BIG_QTY, digits);
  } else {
    frame.push(side, price, q, undefined);
  }
}

const cursor = new JsonCursor();
const SYMBOL_MISMATCH = new MalformedJson('symbol mismatch');
const TOP_KEYS = ['channel', 'type', 'data'];
const CHANNELS = ['book'];
const TYPES = ['snapshot', 'update'];
const DATA_KEYS = ['symbol', 'checksum', 'bids', 'asks', 'timestamp'];
const LEVEL_KEYS = ['price', 'qty'];
let expectedSymbols: string[] = [''];

/**
 * Decodes raw frame text. Returns `undefined` on success, `NOT_BOOK`/`WRONG_SYMBOL` for frames
 * meant for someone else, or a description of what is malformed. Keys and enum values are
 * matched in place (no per-key string allocation: this runs for every book frame).
 */
export function decodeSpotBookText(
  text: string,
  frame: SpotBookFrame,
  symbol: string,
  pricePrecision: number,
  qtyPrecision: number,
): string | undefined {
  frame.begin();
  const c = cursor;
  c.reset(text);
  let channel = -2; // -2 absent, -1 another channel, 0 book
  let type = -2;
  let sawData = false;
  if (symbol !== expectedSymbols[0]) expectedSymbols = [symbol];
  const symbols = expectedSymbols;
  try {
    const fast = compactPrefix(text, symbol);
    if (fast !== 0) {
      // `{"channel":"book","type":"…","data":[{"symbol":"<symbol>"` matched in place
      channel = 0;
      type = fast === 1 ? 0 : 1;
      c.pos = fast === 1 ? SNAPSHOT_PREFIX.length + symbol.length + 1 : UPDATE_PREFIX.length + symbol.length + 1;
      decodeData(c, frame, symbols, pricePrecision, qtyPrecision, true);
      c.expect(93);
      sawData = true;
      while (c.more(125)) topMember(c, frame);
    } else {
      if (c.open(123, 125)) return 'empty object';
      do {
        const key = c.memberKey(TOP_KEYS);
        if (key === 0) channel = c.oneOf(CHANNELS);
        else if (key === 1) type = c.oneOf(TYPES);
        else if (key === 2) {
          c.expect(91);
          decodeData(c, frame, symbols, pricePrecision, qtyPrecision, false);
          c.expect(93);
          sawData = true;
        } else {
          c.skip();
          frame.unusual = true;
        }
      } while (c.more(125));
    }
    c.finish();
  } catch (e) {
    if (e === SYMBOL_MISMATCH) return WRONG_SYMBOL;
    if (e instanceof MalformedJson) return channel === -1 ? NOT_BOOK : e.why;
    throw e;
  }
  if (channel !== 0) return NOT_BOOK;
  frame.symbol = symbol;
  return finishCheck(type === 0 ? 'snapshot' : type === 1 ? 'update' : undefined, sawData, frame);
}

const SNAPSHOT_PREFIX = '{"channel":"book","type":"snapshot","data":[{"symbol":"';
const UPDATE_PREFIX = '{"channel":"book","type":"update","data":[{"symbol":"';

/** 1 / 2 if the frame starts with Kraken's compact snapshot / update prefix for `symbol`, else 0. */
function compactPrefix(text: string, symbol: string): number {
  let kind: number;
  let at: number;
  if (text.startsWith(UPDATE_PREFIX)) {
    kind = 2;
    at = UPDATE_PREFIX.length;
  } else if (text.startsWith(SNAPSHOT_PREFIX)) {
    kind = 1;
    at = SNAPSHOT_PREFIX.length;
  } else return 0;
  return text.startsWith(symbol, at) && text.charCodeAt(at + symbol.length) === 34 ? kind : 0;
}

/** A top-level member after `data` in a compact frame: a repeated key there is malformed. */
function topMember(c: JsonCursor, frame: SpotBookFrame): void {
  if (c.oneOf(TOP_KEYS) >= 0) c.fail('duplicate top-level key');
  c.expect(58);
  c.skip();
  frame.unusual = true;
}

export function finishCheck(type: string | undefined, sawData: boolean, frame: SpotBookFrame): string | undefined {
  if (type === 'snapshot') frame.isSnapshot = true;
  else if (type === 'update') frame.isSnapshot = false;
  else return 'unknown or missing type';
  if (!sawData) return 'missing data';
  if (frame.symbol === '') return 'missing symbol';
  if (frame.checksum < 0 || frame.checksum > 0xffffffff) return 'missing or out-of-range checksum';
  return undefined;
}

/** The single element of `data` (book frames always carry exactly one). */
function decodeData(
  c: JsonCursor,
  frame: SpotBookFrame,
  symbols: readonly string[],
  pricePrecision: number,
  qtyPrecision: number,
  afterSymbol: boolean,
): void {
  let sawSymbol = afterSymbol;
  let seen = afterSymbol ? 1 : 0;
  if (afterSymbol) {
    if (!c.more(125)) c.fail('book data without levels or checksum');
  } else if (c.open(123, 125)) c.fail('empty book data');
  do {
    const key = c.memberKey(DATA_KEYS);
    if (key >= 0) {
      if ((seen & (1 << key)) !== 0) frame.unusual = true;
      seen |= 1 << key;
    }
    if (key === 0) {
      // Stop before scaling another pair's levels at this pair's precision.
      if (c.oneOf(symbols) !== 0) throw SYMBOL_MISMATCH;
      sawSymbol = true;
    } else if (key === 1) frame.checksum = c.integer();
    else if (key === 2) decodeLevels(c, frame, 0, pricePrecision, qtyPrecision);
    else if (key === 3) decodeLevels(c, frame, 1, pricePrecision, qtyPrecision);
    else if (key === 4) {
      // A string without escapes stays a span of the text; an escaped one is decoded now.
      if (c.stringSpan()) frame.timestampSpan(c.text, c.start, c.end);
      else frame.timestamp = c.string();
    } else {
      c.skip();
      frame.unusual = true;
    }
  } while (c.more(125));
  if (!sawSymbol) c.fail('missing symbol');
}

function decodeLevels(c: JsonCursor, frame: SpotBookFrame, side: number, pricePrecision: number, qtyPrecision: number): void {
  if (c.open(91, 93)) return;
  const text = c.text;
  do {
    if (c.open(123, 125)) c.fail('empty level');
    let price = -1;
    let qStart = -1;
    let qEnd = -1;
    do {
      const key = c.memberKey(LEVEL_KEYS);
      if (key === 0) {
        c.decimalSpan();
        price = scalePrice(text, c.start, c.end, pricePrecision);
      } else if (key === 1) {
        c.decimalSpan();
        qStart = c.start;
        qEnd = c.end;
      } else {
        c.skip();
        frame.unusual = true;
      }
    } while (c.more(125));
    if (price < 0 || qStart < 0) c.fail('level without price or qty');
    pushLevel(frame, side, price, text, qStart, qEnd, qtyPrecision);
  } while (c.more(93));
}
