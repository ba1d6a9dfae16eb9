/**
 * What the Kraken v2 WebSocket clients (Spot WS v2, the Unified WebSocket) share on their
 * single-decode routes: the channel router and the `{"channel":…,"type":…,"data":[…]}` envelope
 * read in one pass (src/kraken/common/text-route.ts, text-fields.ts). A client gives the row decoder.
 */
import { JsonCursor, MalformedJson } from '../../book/json-cursor.js';
import { HAND_BACK } from '../text-fields.js';

const cursor = new JsonCursor();

const TOP_KEYS = ['channel', 'type', 'data'];
const TYPES = ['snapshot', 'update'];

/**
 * Walks `{"channel":…,"type":…,"data":[…]}` with each key once, `channel` equal to `channel`,
 * `type` snapshot or update and at least `minRows` rows; `row` decodes one data element (throwing
 * `HAND_BACK` for anything it does not fully understand). `undefined`: take the generic route.
 */
export function decodeV2Frame<R>(
  text: string,
  channel: string,
  row: (c: JsonCursor) => R,
  minRows: number,
): { type: string; data: R[] } | undefined {
  const c = cursor;
  c.reset(text);
  let seen = 0;
  let type = '';
  const data: R[] = [];
  try {
    if (c.open(123, 125)) return undefined;
    do {
      const key = c.memberKey(TOP_KEYS);
      if (key < 0 || (seen & (1 << key)) !== 0) throw HAND_BACK;
      seen |= 1 << key;
      if (key === 0) {
        if (c.string() !== channel) throw HAND_BACK;
      } else if (key === 1) {
        const k = c.oneOf(TYPES);
        if (k < 0) throw HAND_BACK;
        type = TYPES[k]!;
      } else if (!c.open(91, 93)) {
        do data.push(row(c));
        while (c.more(93));
      }
    } while (c.more(125));
    c.finish();
  } catch (e) {
    if (e instanceof MalformedJson) return undefined;
    throw e;
  }
  if (seen !== 0b111 || data.length < minRows) return undefined;
  return { type, data };
}

const CHANNEL_PREFIX = '{"channel":"';

/**
 * The channel of a frame written the way Kraken writes it (`{"channel":"<name>",…`), read in
 * place: 1 book, 2 trade, 3 ticker, 0 anything else (which takes the generic route).
 */
export function v2TextRouteOf(text: string): number {
  if (!text.startsWith(CHANNEL_PREFIX)) return 0;
  const at = CHANNEL_PREFIX.length;
  if (text.startsWith('book"', at)) return 1;
  if (text.startsWith('trade"', at)) return 2;
  if (text.startsWith('ticker"', at)) return 3;
  return 0;
}

const SYMBOL_KEY = '"symbol":"';
/** Where the symbol starts in a compact update / snapshot book frame (`…"data":[{"symbol":"`). */
const UPDATE_SYMBOL_AT = '{"channel":"book","type":"update","data":[{"symbol":"'.length;
const SNAPSHOT_SYMBOL_AT = '{"channel":"book","type":"snapshot","data":[{"symbol":"'.length;

/**
 * The symbol a v2 `book` frame (Spot or Unified) is for, to pick its verified book ('' when it names none). Read at
 * its place in a frame written as Kraken writes it, else searched for; the book's own decode
 * checks the frame whole either way.
 */
export function v2BookSymbolOf(text: string): string {
  let from: number;
  if (text.startsWith(SYMBOL_KEY, UPDATE_SYMBOL_AT - SYMBOL_KEY.length)) from = UPDATE_SYMBOL_AT;
  else if (text.startsWith(SYMBOL_KEY, SNAPSHOT_SYMBOL_AT - SYMBOL_KEY.length)) from = SNAPSHOT_SYMBOL_AT;
  else {
    const at = text.indexOf(SYMBOL_KEY);
    if (at < 0) return '';
    from = at + SYMBOL_KEY.length;
  }
  const end = text.indexOf('"', from);
  return end < 0 ? '' : text.slice(from, end);
}
