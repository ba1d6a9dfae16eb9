/**
 * JsonCursor's key readers, which every single-decode route matches keys with: a key written
 * plainly is matched in place, and anything else (whitespace, an escape, a key that only starts
 * like a candidate) gives the same answer the character walk gives.
 */
import { describe, expect, it } from 'vitest';
import { JsonCursor, MalformedJson } from '../../../src/kraken/book/json-cursor.js';

const KEYS = ['book', 'book_snapshot', 'qty', ''];

/** The candidate index `memberKey` reads at the start of `text`, and where the cursor is then. */
function member(text: string): [number, number] {
  const c = new JsonCursor();
  c.reset(text);
  return [c.memberKey(KEYS), c.pos];
}

describe('JsonCursor.memberKey and oneOf', () => {
  it('reads a plainly written key and its colon', () => {
    expect(member('"book":1')).toEqual([0, 7]);
    expect(member('"book_snapshot":1')).toEqual([1, 16]);
    expect(member('"qty":1')).toEqual([2, 6]);
    expect(member('"":1')).toEqual([3, 3]);
  });

  it('gives the walk’s answer for whitespace, escapes, prefixes and other keys', () => {
    expect(member('  "book" : 1')).toEqual([0, 10]);
    expect(member('"bo\\u006fk":1')).toEqual([0, 12]);
    expect(member('"books":1')).toEqual([-1, 8]);
    expect(member('"boo":1')).toEqual([-1, 6]);
    expect(member('"price":1')).toEqual([-1, 8]);
  });

  it('refuses a key without its colon, and a value where a key should be', () => {
    expect(() => member('"book"1')).toThrow(MalformedJson);
    expect(() => member('1:1')).toThrow(MalformedJson);
    expect(() => member('"book')).toThrow(MalformedJson);
  });

  it('oneOf matches a whole string only', () => {
    const c = new JsonCursor();
    for (const [text, want] of [
      ['"book"', 0],
      ['"book_snapshot"', 1],
      ['"book_"', -1],
      ['"bo\\"ok"', -1],
    ] as const) {
      c.reset(text);
      expect(c.oneOf(KEYS), text).toBe(want);
      expect(c.pos, text).toBe(text.length);
    }
  });
});
