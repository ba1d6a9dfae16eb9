/**
 * A small validating JSON cursor for book frames.
 *
 * Book decoders walk the raw WS text with it instead of `JSON.parse`: number tokens stay as text
 * spans (exact, trailing zeros kept: Kraken's WS v2 sends prices and quantities as JSON numbers
 * carrying the engine's full precision), no throw-away objects are built for levels, and
 * unknown fields are skipped but still checked to be well-formed JSON (docs/reliability.md D6). Nesting
 * is bounded (docs/reliability.md D7) so a pathological frame cannot overflow the stack.
 */

/**
 * Thrown when the text is not well-formed JSON, and caught inside the book decoders, which turn it
 * into a refusal reason; it never escapes them. Deliberately not an Error: constructing an Error
 * captures a stack, which made refusing a malformed frame about four times slower
 * (docs/architecture.md, "Lint and format"); eslint allows throwing this one class.
 */
export class MalformedJson {
  constructor(readonly why: string) {}
}

const MAX_DEPTH = 32;
const NO_CANDIDATES: readonly string[] = [];

/**
 * Whether a parsed value nests deeper than `JsonCursor.skip` accepts, by the same count (the
 * value itself is depth 0, each level inside one more). Object decoders check the unknown fields
 * of an already parsed frame with it, so a frame is refused by both decoders or by neither.
 */
export function nestedTooDeep(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [v, depth] = top;
    if (depth > MAX_DEPTH) return true;
    if (typeof v === 'object' && v !== null) for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, depth + 1]);
  }
  return false;
}

/** Throws the cursor's `nesting too deep` when a field of `obj` outside `known` nests too deep. */
export function checkUnknownFields(obj: object, known: ReadonlySet<string>): void {
  for (const [k, v] of Object.entries(obj)) if (!known.has(k) && nestedTooDeep(v)) throw new MalformedJson('nesting too deep');
}

export class JsonCursor {
  text = '';
  pos = 0;
  /** Span of the last number token read by `numberSpan` (or string content by `decimalSpan`). */
  start = 0;
  end = 0;

  reset(text: string): void {
    this.text = text;
    this.pos = 0;
  }

  fail(why: string): never {
    throw new MalformedJson(`${why} at offset ${this.pos}`);
  }

  /** Skips whitespace and returns the next character code (-1 at the end). */
  peek(): number {
    const t = this.text;
    let i = this.pos;
    let c = i < t.length ? t.charCodeAt(i) : -1;
    while (c === 32 || c === 10 || c === 13 || c === 9) c = ++i < t.length ? t.charCodeAt(i) : -1;
    this.pos = i;
    return c;
  }

  expect(code: number): void {
    if (this.peek() !== code) this.fail(`expected '${String.fromCharCode(code)}'`);
    this.pos++;
  }

  /** After a member or element: true if a `,` followed (consumed), false if `close` did (consumed). */
  more(close: number): boolean {
    const c = this.peek();
    this.pos++;
    if (c === 44) return true;
    if (c === close) return false;
    return this.fail('expected , or a closing bracket');
  }

  /** Opens an object or array; true if it is empty (and already closed). */
  open(openCode: number, closeCode: number): boolean {
    this.expect(openCode);
    if (this.peek() === closeCode) {
      this.pos++;
      return true;
    }
    return false;
  }

  /**
   * Reads a string literal without escapes, leaving its content's span in `start`/`end`; false
   * (nothing read) if it has an escape, for `string()` to decode.
   */
  stringSpan(): boolean {
    if (this.peek() !== 34) this.fail('expected a string');
    const t = this.text;
    const from = this.pos + 1;
    let i = from;
    for (;;) {
      if (i >= t.length) this.fail('unterminated string');
      const c = t.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) return false;
      if (c < 32) this.fail('control character in string');
      i++;
    }
    this.start = from;
    this.end = i;
    this.pos = i + 1;
    return true;
  }

  /** Reads a string literal and returns its value. */
  string(): string {
    if (this.peek() !== 34) this.fail('expected a string');
    const t = this.text;
    const from = ++this.pos;
    let i = from;
    for (;;) {
      if (i >= t.length) this.fail('unterminated string');
      const c = t.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) return this.escapedString(from);
      if (c < 32) this.fail('control character in string');
      i++;
    }
    this.pos = i + 1;
    return t.slice(from, i);
  }

  private escapedString(from: number): string {
    const t = this.text;
    let i = from;
    for (;;) {
      if (i >= t.length) this.fail('unterminated string');
      const c = t.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 34) break;
      else i++;
    }
    this.pos = i + 1;
    try {
      return JSON.parse(t.slice(from - 1, i + 1)) as string;
    } catch {
      return this.fail('bad string escape');
    }
  }

  /** Reads a JSON number token; its span is left in `start`/`end`. */
  numberSpan(): void {
    const t = this.text;
    let i = this.pos;
    const from = i;
    let c = t.charCodeAt(i);
    if (c === 45) c = t.charCodeAt(++i);
    if (c === 48) c = t.charCodeAt(++i);
    else if (c >= 49 && c <= 57) while (c >= 48 && c <= 57) c = t.charCodeAt(++i);
    else this.fail('expected a number');
    if (c === 46) {
      c = t.charCodeAt(++i);
      if (!(c >= 48 && c <= 57)) this.fail('bad fraction');
      while (c >= 48 && c <= 57) c = t.charCodeAt(++i);
    }
    if (c === 101 || c === 69) {
      c = t.charCodeAt(++i);
      if (c === 43 || c === 45) c = t.charCodeAt(++i);
      if (!(c >= 48 && c <= 57)) this.fail('bad exponent');
      while (c >= 48 && c <= 57) c = t.charCodeAt(++i);
    }
    this.start = from;
    this.end = i;
    this.pos = i;
  }

  /**
   * Reads a decimal that may be a JSON number or a string holding one (Kraken's own SDK accepts
   * both); the digits' span is left in `start`/`end`.
   */
  decimalSpan(): void {
    const c = this.peek();
    if (c !== 34) return this.numberSpan();
    const t = this.text;
    const from = ++this.pos;
    let i = from;
    while (i < t.length && t.charCodeAt(i) !== 34) {
      if (t.charCodeAt(i) === 92) this.fail('escape inside a decimal string');
      i++;
    }
    if (i >= t.length) this.fail('unterminated string');
    this.start = from;
    this.end = i;
    this.pos = i + 1;
  }

  /** Reads a non-negative safe integer (no fraction, no exponent). */
  integer(): number {
    this.peek();
    this.numberSpan();
    const t = this.text;
    let n = 0;
    for (let i = this.start; i < this.end; i++) {
      const c = t.charCodeAt(i);
      if (c < 48 || c > 57 || n > 900719925474099) this.fail('expected a non-negative integer');
      n = n * 10 + (c - 48);
    }
    return n;
  }

  /**
   * Reads a string and returns the index of the candidate it equals, or -1. Allocation-free for
   * the usual unescaped keys; an escaped string is decoded first, so `"pr\u0069ce"` still matches.
   */
  oneOf(candidates: readonly string[]): number {
    if (this.peek() !== 34) this.fail('expected a string');
    const t = this.text;
    const from = this.pos + 1;
    // The usual case first: the key is one of the candidates, written plainly. Matching it in
    // place skips the walk below (a candidate holds no quote, backslash or control character).
    const first = t.charCodeAt(from);
    for (let k = 0; k < candidates.length; k++) {
      const cand = candidates[k]!;
      if (cand.charCodeAt(0) === first && t.charCodeAt(from + cand.length) === 34 && t.startsWith(cand, from)) {
        this.pos = from + cand.length + 1;
        return k;
      }
    }
    let i = from;
    for (;;) {
      if (i >= t.length) this.fail('unterminated string');
      const c = t.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) return candidates.indexOf(this.string());
      if (c < 32) this.fail('control character in string');
      i++;
    }
    this.pos = i + 1;
    const len = i - from;
    for (let k = 0; k < candidates.length; k++) {
      const cand = candidates[k]!;
      if (cand.length === len && t.startsWith(cand, from)) return k;
    }
    return -1;
  }

  /**
   * Reads an object member's key and the colon after it: the index of the candidate the key
   * equals, or -1 for another key. A candidate written plainly (`"key":`, as Kraken writes its
   * keys) is matched in place; anything else (whitespace, an escape) goes through `oneOf`.
   */
  memberKey(candidates: readonly string[]): number {
    const t = this.text;
    const at = this.pos;
    if (t.charCodeAt(at) === 34) {
      const first = t.charCodeAt(at + 1);
      for (let k = 0; k < candidates.length; k++) {
        const cand = candidates[k]!;
        const close = at + 1 + cand.length;
        if (cand.charCodeAt(0) === first && t.charCodeAt(close) === 34 && t.charCodeAt(close + 1) === 58 && t.startsWith(cand, at + 1)) {
          this.pos = close + 2;
          return k;
        }
      }
    }
    const key = this.oneOf(candidates);
    this.expect(58);
    return key;
  }

  /** If the next token is the string `"<word>"` written without escapes, consumes it and returns true; else moves nothing. */
  isString(word: string): boolean {
    if (this.peek() !== 34) return false;
    const t = this.text;
    const at = this.pos + 1;
    if (!t.startsWith(word, at) || t.charCodeAt(at + word.length) !== 34) return false;
    this.pos = at + word.length + 1;
    return true;
  }

  /** Skips a string literal, checking it (escapes are checked by decoding). */
  skipString(): void {
    this.oneOf(NO_CANDIDATES);
  }

  /** Skips any value, checking it is well-formed. */
  skip(depth = 0): void {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    const c = this.peek();
    if (c === 34) {
      this.skipString();
    } else if (c === 123) {
      if (this.open(123, 125)) return;
      do {
        this.skipString();
        this.expect(58);
        this.skip(depth + 1);
      } while (this.more(125));
    } else if (c === 91) {
      if (this.open(91, 93)) return;
      do this.skip(depth + 1);
      while (this.more(93));
    } else if (c === 116) {
      this.literal('true');
    } else if (c === 102) {
      this.literal('false');
    } else if (c === 110) {
      this.literal('null');
    } else {
      this.numberSpan();
    }
  }

  /** True (and consumed) if the next value is `null`. */
  isNull(): boolean {
    if (this.peek() !== 110) return false;
    this.literal('null');
    return true;
  }

  private literal(word: string): void {
    if (!this.text.startsWith(word, this.pos)) this.fail(`expected ${word}`);
    this.pos += word.length;
  }

  /** Asserts only whitespace remains. */
  finish(): void {
    if (this.peek() !== -1) this.fail('trailing characters');
  }
}
