/**
 * Decodes an already parsed Spot v2 `book` frame: from `parseVenueJson` (decimals are strings,
 * exact) or from `JSON.parse` (shortest-form numbers, re-scaled to the pair's precision,
 * which is what Kraken's checksum docs advise when only floats are at hand). Same results as `decodeSpotBookText`.
 */
import { checkUnknownFields, MalformedJson } from '../../book/json-cursor.js';

// The fields the text decoder reads; any other is skipped there, and checked the same way here.
const TOP_FIELDS: ReadonlySet<string> = new Set(['channel', 'type', 'data']);
const DATA_FIELDS: ReadonlySet<string> = new Set(['symbol', 'checksum', 'bids', 'asks']);
const LEVEL_FIELDS: ReadonlySet<string> = new Set(['price', 'qty']);
import { NOT_BOOK, WRONG_SYMBOL, finishCheck, pushLevel, scalePrice, type SpotBookFrame } from './spot-book-frame.js';

export function decodeSpotBookObject(
  message: unknown,
  frame: SpotBookFrame,
  symbol: string,
  pricePrecision: number,
  qtyPrecision: number,
): string | undefined {
  frame.begin();
  if (typeof message !== 'object' || message === null) return 'not an object';
  const m = message as Record<string, unknown>;
  if (m.channel !== 'book') return NOT_BOOK;
  const data = m.data;
  if (!Array.isArray(data) || data.length !== 1) return 'data must be an array of one object';
  const d = data[0] as Record<string, unknown> | null;
  if (typeof d !== 'object' || d === null) return 'data[0] must be an object';
  if (typeof d.symbol !== 'string') return 'missing symbol';
  frame.symbol = d.symbol;
  if (d.symbol !== symbol) return WRONG_SYMBOL;
  const checksum = d.checksum;
  frame.checksum = typeof checksum === 'number' && Number.isSafeInteger(checksum) ? checksum : -1;
  try {
    checkUnknownFields(m, TOP_FIELDS);
    checkUnknownFields(d, DATA_FIELDS);
    objectLevels(d.bids, frame, 0, pricePrecision, qtyPrecision);
    objectLevels(d.asks, frame, 1, pricePrecision, qtyPrecision);
  } catch (e) {
    if (e instanceof MalformedJson) return e.why;
    throw e;
  }
  return finishCheck(typeof m.type === 'string' ? m.type : undefined, true, frame);
}

function objectLevels(levels: unknown, frame: SpotBookFrame, side: number, pricePrecision: number, qtyPrecision: number): void {
  if (levels === undefined) return; // an update may carry one side only
  if (!Array.isArray(levels)) throw new MalformedJson('bids/asks must be arrays');
  for (const level of levels) {
    if (typeof level !== 'object' || level === null) throw new MalformedJson('level must be an object');
    checkUnknownFields(level as object, LEVEL_FIELDS);
    const { price, qty } = level as { price?: unknown; qty?: unknown };
    const p = decimalText(price);
    const q = decimalText(qty);
    pushLevel(frame, side, scalePrice(p, 0, p.length, pricePrecision), q, 0, q.length, qtyPrecision);
  }
}

/** A decimal from a parsed payload: a string keeps its text; a finite number gives its shortest form. */
function decimalText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new MalformedJson('price/qty must be a decimal number or string');
}
