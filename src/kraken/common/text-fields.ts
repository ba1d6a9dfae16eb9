/**
 * Strict field readers for the clients' single-decode routes: raw frame text → the values the
 * lossless parse plus the generated validator would produce, read in place with JsonCursor.
 *
 * A reader that meets anything it cannot reproduce exactly throws `HAND_BACK`; the decoder catches
 * it and hands the frame back (`undefined`), and the client sends the frame the generic way, which
 * accepts or refuses it as before. So the rules here only ever narrow what the text route takes:
 *
 * - a decimal is the exact text of a JSON number token (what `parseVenueJson` leaves for a
 *   non-integer, and what the validator's `decimal` keyword writes back for a safe integer). Handed
 *   back: a decimal written as a string, and `-0` (which the generic route turns into `"0"`); an
 *   exponent is kept as written only where the caller allows it (the generic route keeps it too,
 *   within the validator's bound of ±64);
 * - an integer is a non-negative run of at most 15 digits (the generic route keeps those as safe
 *   integers; 16 digits or more become strings its validator refuses);
 * - a flat object is read against a table of known keys: an unknown or repeated key, or a missing
 *   required one, hands the frame back.
 */
import { type JsonCursor, MalformedJson } from '../book/json-cursor.js';

/** Not an Error (no stack to capture): caught by the decoders, never escapes them. */
export const HAND_BACK = new MalformedJson('not decoded on the text route');

/** The exact token text of a JSON number used as a decimal (see the rules above). */
export function exactDecimal(c: JsonCursor, exponentAllowed: boolean): string {
  if (c.peek() === 34) throw HAND_BACK;
  c.numberSpan();
  const t = c.text;
  const start = c.start;
  const end = c.end;
  let plain = true;
  for (let i = start; i < end; i++) {
    const ch = t.charCodeAt(i);
    if (ch === 101 || ch === 69) {
      if (!exponentAllowed || exponentBeyondBound(t, i + 1, end)) throw HAND_BACK;
      plain = false;
      break;
    }
    if (ch === 46) plain = false;
  }
  if (plain && end - start === 2 && t.charCodeAt(start) === 45 && t.charCodeAt(start + 1) === 48) throw HAND_BACK;
  return t.slice(start, end);
}

/** The validator's `decimal` keyword bounds an exponent to ±64 (leading zeros allowed): `1e400` is no price. */
function exponentBeyondBound(t: string, from: number, end: number): boolean {
  let i = from;
  const sign = t.charCodeAt(i);
  if (sign === 43 || sign === 45) i++;
  let n = 0;
  for (; i < end; i++) {
    n = n * 10 + (t.charCodeAt(i) - 48);
    if (n > 64) return true;
  }
  return false;
}

/** A non-negative integer of at most 15 digits (a JSON number the generic route keeps as a safe integer). */
export function plainInteger(c: JsonCursor): number {
  c.peek();
  c.numberSpan();
  const t = c.text;
  if (c.end - c.start > 15) throw HAND_BACK;
  let n = 0;
  for (let i = c.start; i < c.end; i++) {
    const ch = t.charCodeAt(i);
    if (ch < 48 || ch > 57) throw HAND_BACK;
    n = n * 10 + (ch - 48);
  }
  return n;
}

/** `true` or `false`. */
export function jsonBoolean(c: JsonCursor): boolean {
  const ch = c.peek();
  const t = c.text;
  if (ch === 116 && t.startsWith('true', c.pos)) {
    c.pos += 4;
    return true;
  }
  if (ch === 102 && t.startsWith('false', c.pos)) {
    c.pos += 5;
    return false;
  }
  throw HAND_BACK;
}

/** How one field of a flat object is read. */
export const FieldKind = {
  String: 0,
  /** A decimal without an exponent. */
  Decimal: 1,
  /** A decimal that may carry an exponent (kept as written). */
  DecimalExp: 2,
  Integer: 3,
  Boolean: 4,
  /** A nested flat object (its spec in `FlatObjectSpec.nested`). */
  Object: 5,
  /** An array of nested flat objects (their spec in `FlatObjectSpec.nested`). */
  ObjectArray: 6,
} as const;
export type FieldKind = (typeof FieldKind)[keyof typeof FieldKind];

/** The known keys of a flat object, how each is read, and which are required. */
export class FlatObjectSpec {
  readonly #seen: Uint8Array;
  /**
   * The key that followed each key last time (index `keys.length`: the first key), tried before
   * the table is searched: the venue writes its keys in one order, so each key costs one compare.
   */
  readonly #next: Int16Array;
  readonly #required: Int16Array;

  constructor(
    readonly keys: readonly string[],
    readonly kinds: readonly FieldKind[],
    readonly required: readonly string[],
    /** The nested objects' specs, by key. */
    readonly nested: Readonly<Record<string, FlatObjectSpec>> = {},
    /** A key whose value must be exactly this string (a feed or channel name). */
    readonly fixed?: { readonly key: string; readonly value: string },
  ) {
    this.#seen = new Uint8Array(keys.length);
    this.#next = new Int16Array(keys.length + 1).fill(-1);
    this.#required = Int16Array.from(required, (r) => keys.indexOf(r));
  }

  /** Reads one object at the cursor; throws `HAND_BACK` on anything outside the spec. */
  read(c: JsonCursor): Record<string, unknown> {
    const seen = this.#seen;
    seen.fill(0);
    const out: Record<string, unknown> = {};
    const keys = this.keys;
    const next = this.#next;
    if (c.open(123, 125)) throw HAND_BACK;
    let prev = keys.length;
    do {
      const guess = next[prev]!;
      let k = guess >= 0 && c.isString(keys[guess]!) ? guess : -1;
      if (k < 0) {
        k = c.oneOf(keys);
        if (k < 0 || seen[k] !== 0) throw HAND_BACK;
        next[prev] = k;
      } else if (seen[k] !== 0) throw HAND_BACK;
      seen[k] = 1;
      prev = k;
      c.expect(58);
      const key = keys[k]!;
      out[key] = this.#value(c, k, key);
    } while (c.more(125));
    const required = this.#required;
    for (let i = 0; i < required.length; i++) if (seen[required[i]!] === 0) throw HAND_BACK;
    return out;
  }

  #value(c: JsonCursor, k: number, key: string): unknown {
    switch (this.kinds[k]) {
      case FieldKind.String: {
        const s = c.string();
        if (this.fixed !== undefined && key === this.fixed.key && s !== this.fixed.value) throw HAND_BACK;
        return s;
      }
      case FieldKind.Decimal:
        return exactDecimal(c, false);
      case FieldKind.DecimalExp:
        return exactDecimal(c, true);
      case FieldKind.Integer:
        return plainInteger(c);
      case FieldKind.Boolean:
        return jsonBoolean(c);
      case FieldKind.Object:
        return this.nested[key]!.read(c);
      default: {
        const spec = this.nested[key]!;
        const items: Record<string, unknown>[] = [];
        if (!c.open(91, 93)) {
          do items.push(spec.read(c));
          while (c.more(93));
        }
        return items;
      }
    }
  }
}

/** Builds a spec from `[key, kind]` pairs. */
export function flatObject(
  fields: readonly (readonly [string, FieldKind])[],
  required: readonly string[],
  options: { nested?: Readonly<Record<string, FlatObjectSpec>>; fixed?: { key: string; value: string } } = {},
): FlatObjectSpec {
  return new FlatObjectSpec(
    fields.map((f) => f[0]),
    fields.map((f) => f[1]),
    required,
    options.nested,
    options.fixed,
  );
}
