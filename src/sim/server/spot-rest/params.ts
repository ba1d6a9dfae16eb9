/**
 * Decoding Spot REST parameters. Kraken accepts form-urlencoded and JSON bodies for private
 * calls and query strings for public ones. Form values are always strings;
 * JSON values may be strings, numbers or booleans. Nested form keys (`close[ordertype]`,
 * `orders[0][price]`, as Kraken's official SDK sends for AddOrderBatch) become nested objects,
 * so both encodings reach the handlers in the same shape.
 */
import { parseVenueJson } from '../../../core/json.js';
import { exactNumberText, UNSIGNED_DECIMAL } from '../decimal-text.js';

export type ParamValue = string | number | boolean | null | ParamValue[] | { [k: string]: ParamValue };
export type Params = Record<string, ParamValue>;

export class InvalidArguments extends Error {
  constructor(readonly field?: string) {
    super(field === undefined ? 'EGeneral:Invalid arguments' : `EGeneral:Invalid arguments:${field}`);
  }
}

export function parseFormParams(text: string): Params {
  const out: Params = Object.create(null) as Params;
  for (const [key, value] of new URLSearchParams(text)) setNested(out, key, value);
  return out;
}

/** Decodes a body by content type. JSON numbers keep their exact text (`parseVenueJson`). */
export function parseBody(text: string, contentType: string | undefined): Params {
  if (text.trim() === '') return Object.create(null) as Params;
  if ((contentType ?? '').includes('application/json')) {
    const value = parseVenueJson(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArguments();
    return value as Params;
  }
  return parseFormParams(text);
}

/**
 * Bounds on nested form keys. Kraken's largest indexed lists are 15 orders (AddOrderBatch) and 50
 * ids (CancelOrderBatch); a key like `pair[100000000]` would otherwise make a sparse array whose
 * walk blocks the event loop, and a long chain of brackets an arbitrarily deep object.
 */
const MAX_FORM_INDEX = 999;
const MAX_FORM_DEPTH = 8;

function setNested(target: Params, key: string, value: string): void {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])+)$/.exec(key);
  if (m === null) {
    target[key] = value;
    return;
  }
  const path = [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)];
  if (path.length > MAX_FORM_DEPTH) throw new InvalidArguments(path[0]);
  let node: Record<string, ParamValue> | ParamValue[] = target;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    const nextIsIndex = !last && /^\d*$/.test(path[i + 1]!);
    const container = node as Record<string, ParamValue>;
    const k: string = seg === '' && Array.isArray(node) ? String(node.length) : seg;
    if (seg === '__proto__' || seg === 'constructor' || seg === 'prototype') throw new InvalidArguments(path[0]);
    // Into an array only a small decimal index may go: `length` or a huge index would resize it.
    if (Array.isArray(node) && !(/^\d{1,3}$/.test(k) && Number(k) <= MAX_FORM_INDEX)) throw new InvalidArguments(path[0]);
    if (last) {
      container[k] = value;
    } else {
      if (typeof container[k] !== 'object' || container[k] === null) container[k] = nextIsIndex ? [] : (Object.create(null) as Params);
      node = container[k];
    }
  }
}

// --- typed readers: each throws `EGeneral:Invalid arguments:<field>` -----------------------------

export function optString(p: Params, field: string): string | undefined {
  const v = p[field];
  if (v === undefined || v === null || v === '') return undefined;
  const text = exactNumberText(v); // a JSON body's fractional numbers arrive as their exact text
  if (text === undefined) throw new InvalidArguments(field);
  return text;
}

export function reqString(p: Params, field: string): string {
  const v = optString(p, field);
  if (v === undefined) throw new InvalidArguments(field);
  return v;
}

export function optDecimal(p: Params, field: string): string | undefined {
  const v = optString(p, field);
  if (v === undefined) return undefined;
  if (!UNSIGNED_DECIMAL.test(v)) throw new InvalidArguments(field);
  return v;
}

export function optInt(p: Params, field: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = p[field];
  if (v === undefined || v === null || v === '') return undefined;
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '';
  if (!/^-?\d+$/.test(text)) throw new InvalidArguments(field);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArguments(field);
  return n;
}

export function optBool(p: Params, field: string): boolean | undefined {
  const v = p[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw new InvalidArguments(field);
}

export function optEnum<T extends string>(p: Params, field: string, allowed: readonly T[], caseInsensitive = false): T | undefined {
  const v = optString(p, field);
  if (v === undefined) return undefined;
  const hit = allowed.find((a) => (caseInsensitive ? a.toLowerCase() === v.toLowerCase() : a === v));
  if (hit === undefined) throw new InvalidArguments(field);
  return hit;
}

/** A comma list or an array of strings/numbers. */
export function optList(p: Params, field: string): string[] | undefined {
  const v = p[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  if (typeof v === 'number') return [String(v)];
  if (Array.isArray(v)) {
    // A form key such as `pair[999]=XBTUSD` builds a sparse array; only the entries sent count
    // (Array.prototype.map would keep the holes, and a hole is not a pair).
    return Object.values(v).map((x) => {
      if (typeof x === 'string' || typeof x === 'number') return String(x);
      if (typeof x === 'object' && x !== null && !Array.isArray(x)) {
        // The object form of CancelOrderBatch, [{txid}] / [{cl_ord_id}]: Kraken's docs show both
        // this and plain id strings, so both are accepted.
        const inner = (x as Record<string, ParamValue>)['txid'] ?? (x as Record<string, ParamValue>)['cl_ord_id'];
        if (typeof inner === 'string' || typeof inner === 'number') return String(inner);
      }
      throw new InvalidArguments(field);
    });
  }
  if (typeof v === 'object') return Object.values(v).map((x) => (typeof x === 'string' || typeof x === 'number' ? String(x) : ''));
  throw new InvalidArguments(field);
}

/** Kraken time bound: a Unix timestamp (s, fractional allowed) or an id (txid/ledger id). */
export function optTimeOrId(p: Params, field: string): { ms: number } | { id: string } | undefined {
  const v = optString(p, field);
  if (v === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return { ms: Math.round(Number(v) * 1000) };
  return { id: v };
}
