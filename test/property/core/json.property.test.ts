/**
 * Property tests for the lossless venue JSON decoder (src/core/json.ts).
 *
 * Two oracles, neither sharing code with the scanner under test:
 * - the generator builds every JSON text together with the value it must decode to (inexact
 *   numbers as their exact text, safe integers as numbers, strings from their pieces);
 * - `referenceQuote` is the former implementation (one regex `replace` over string and number
 *   tokens), kept here verbatim: on valid JSON both must rewrite the text identically.
 * For arbitrary (mostly invalid) text: the decoder throws exactly when `JSON.parse` does, and then
 * only the typed `bad-body` error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KrakenTransportError } from '../../../src/core/errors.js';
import { JsonDecodeError, parseVenueJson, quoteInexactNumbers } from '../../../src/core/json.js';

const RUNS = Number(process.env.JSON_PROPERTY_RUNS ?? 1000);

// The implementation before the single-pass scanner, unchanged.
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const SAFE_INT = /^-?\d{1,15}$/;
const NEEDS_QUOTING = /[.eE]|\d{16}/;
function referenceQuote(text: string): string {
  if (!/[.eE]|\d{16}/.test(text)) return text;
  return text.replace(TOKEN, (tok) => {
    if (tok.charCodeAt(0) === 34) return tok;
    if (SAFE_INT.test(tok) || !NEEDS_QUOTING.test(tok)) return tok;
    return `"${tok}"`;
  });
}

interface Doc {
  readonly text: string;
  readonly value: unknown;
}

const ws = fc.constantFrom('', '', '', ' ', '\n', '\t', '\r\n  ');
const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));
const lead = (rest: fc.Arbitrary<string>) => fc.tuple(fc.constantFrom(...'123456789'), rest).map(([a, b]) => a + b);
// Lengths around the 15/16-digit boundary (the largest safe integers have 16 digits; every
// integer of 16+ digits is kept as text, as before) are drawn as often as short ones.
const intPart = fc.oneof(fc.constant('0'), lead(digits(0, 4)), lead(digits(13, 16)), lead(digits(17, 24)));

/** Any JSON number text; the expected value is its text unless it is a safe integer. */
const numberDoc: fc.Arbitrary<Doc> = fc
  .tuple(
    fc.boolean(),
    intPart,
    fc.option(digits(1, 12), { freq: 2 }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 3)), { freq: 4 }),
  )
  .map(([neg, int, frac, exp]) => {
    const text = `${neg ? '-' : ''}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : exp.join('')}`;
    const exact = frac === null && exp === null && int.length <= 15;
    return { text, value: exact ? Number(text) : text };
  });

/** Pieces of a string literal: [source text inside the quotes, decoded text]. */
const strPiece: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.constantFrom(...'0123456789.eE-+:,[]{} abcxyz_').map((c): [string, string] => [c, c]),
  fc.constantFrom('é', '€', '😀', '\u2028', 'ü').map((c): [string, string] => [c, c]),
  fc.constantFrom<[string, string]>(['\\"', '"'], ['\\\\', '\\'], ['\\/', '/'], ['\\n', '\n'], ['\\t', '\t'], ['\\b', '\b']),
  fc.constantFrom<[string, string]>(['\\u0031', '1'], ['\\u002E', '.'], ['\\u0022', '"'], ['\\u005c', '\\'], ['\\ud83d\\ude00', '😀']),
  fc.tuple(numberDoc, fc.boolean()).map(([n, esc]): [string, string] => (esc ? [`\\"${n.text}\\"`, `"${n.text}"`] : [n.text, n.text])),
);
const stringDoc: fc.Arbitrary<Doc> = fc
  .array(strPiece, { maxLength: 8 })
  .map((ps) => ({ text: `"${ps.map((p) => p[0]).join('')}"`, value: ps.map((p) => p[1]).join('') }))
  .filter((d) => d.value !== '__proto__');

const { doc } = fc.letrec<{ doc: Doc; array: Doc; object: Doc }>((tie) => ({
  doc: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberDoc,
    numberDoc,
    stringDoc,
    fc.constantFrom<Doc>({ text: 'true', value: true }, { text: 'false', value: false }, { text: 'null', value: null }),
    tie('array'),
    tie('object'),
  ),
  array: fc.tuple(fc.array(fc.tuple(ws, tie('doc'), ws), { maxLength: 5 }), ws).map(([items, pad]) => ({
    text: items.length === 0 ? `[${pad}]` : `[${items.map(([a, d, b]) => a + d.text + b).join(',')}]`,
    value: items.map(([, d]) => d.value),
  })),
  object: fc.tuple(fc.array(fc.tuple(ws, stringDoc, ws, ws, tie('doc'), ws), { maxLength: 5 }), ws).map(([members, pad]) => {
    const value: Record<string, unknown> = {};
    for (const [, k, , , v] of members) value[k.value as string] = v.value; // JSON.parse keeps the last duplicate
    const text =
      members.length === 0 ? `{${pad}}` : `{${members.map(([a, k, b, c, v, d]) => `${a}${k.text}${b}:${c}${v.text}${d}`).join(',')}}`;
    return { text, value };
  }),
}));
const topDoc = fc.tuple(ws, doc, ws).map(([a, d, b]): Doc => ({ text: a + d.text + b, value: d.value }));

function expectDecodeError(text: string): JsonDecodeError {
  try {
    parseVenueJson(text);
  } catch (e) {
    expect(e).toBeInstanceOf(JsonDecodeError);
    expect(e).toBeInstanceOf(KrakenTransportError);
    const err = e as JsonDecodeError;
    expect(err.failure).toBe('bad-body');
    expect(err.bodyExcerpt).toBe(text.slice(0, 200));
    return err;
  }
  throw new Error(`expected a JsonDecodeError for ${JSON.stringify(text)}`);
}

/** Indexes of the `{` that open objects (not those inside strings). */
function objectOpenings(text: string): number[] {
  const out: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') out.push(i);
  }
  return out;
}

describe('parseVenueJson (property)', () => {
  it('decodes generated JSON to the value it was built from: inexact numbers as exact text', () => {
    fc.assert(
      fc.property(topDoc, (d) => {
        expect(parseVenueJson(d.text)).toEqual(d.value);
      }),
      { numRuns: RUNS },
    );
  });

  it('rewrites valid JSON exactly as the former regex implementation did', () => {
    fc.assert(
      fc.property(topDoc, (d) => {
        expect(quoteInexactNumbers(d.text)).toBe(referenceQuote(d.text));
        expect(parseVenueJson(d.text)).toEqual(JSON.parse(referenceQuote(d.text)));
      }),
      { numRuns: RUNS },
    );
  });

  // Mutations of valid documents (a character dropped, inserted, replaced, or the text cut) land
  // on every kind of near-miss: unterminated strings, stray escapes, leading zeros, `1.`, numbers
  // as keys, trailing commas.
  const mutated = fc
    .tuple(topDoc, fc.nat(), fc.constantFrom('drop', 'insert', 'replace', 'cut'), fc.constantFrom(...'"\\0123456789.eE-+:,[]{} \nx'))
    .map(([d, at, op, ch]) => {
      const i = d.text.length === 0 ? 0 : at % d.text.length;
      if (op === 'drop') return d.text.slice(0, i) + d.text.slice(i + 1);
      if (op === 'insert') return d.text.slice(0, i) + ch + d.text.slice(i);
      if (op === 'replace') return d.text.slice(0, i) + ch + d.text.slice(i + 1);
      return d.text.slice(0, i);
    });
  // An inexact number as an object key: quoting it naively would make `{1.5:1}` valid JSON.
  const numberKey = fc.tuple(topDoc, numberDoc, ws, ws, doc).map(([d, n, a, b, v]) => {
    const i = objectOpenings(d.text)[0];
    const member = `${a}${n.text}${b}:${v.text}`;
    return i === undefined ? `{${member}}` : `${d.text.slice(0, i + 1)}${member},${d.text.slice(i + 1)}`;
  });
  const jsonish = fc.array(fc.constantFrom(...'"\\0123456789.eE-+:,[]{} \ntrufalsn'), { maxLength: 40 }).map((c) => c.join(''));

  it('throws exactly when JSON.parse does, and only the typed bad-body error; agrees otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, numberKey, jsonish), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        if (!valid) {
          expectDecodeError(text);
          return;
        }
        expect(parseVenueJson(text)).toEqual(JSON.parse(referenceQuote(text)));
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('refuses a __proto__ key anywhere, also when written with \\u escapes', () => {
    const protoKey = fc
      .array(fc.boolean(), { minLength: 9, maxLength: 9 })
      .map((esc) => [...'__proto__'].map((c, k) => (esc[k] ? `\\u00${c.charCodeAt(0).toString(16)}` : c)).join(''));
    fc.assert(
      fc.property(topDoc, protoKey, doc, fc.nat(), (d, key, v, at) => {
        // Insert the member into the first object at or after a random position, or wrap the document.
        const opens = objectOpenings(d.text);
        const member = `"${key}":${v.text}`;
        let text: string;
        if (opens.length === 0) text = `{"x":${d.text},${member}}`;
        else {
          const i = opens[at % opens.length]!;
          const rest = d.text.slice(i + 1);
          text = `${d.text.slice(0, i + 1)}${member}${/^\s*\}/.test(rest) ? '' : ','}${rest}`;
        }
        // Oracle: V8's own reviver walk sees every key that survives into the decoded value (a
        // member shadowed by a later duplicate key does not, and then there is nothing to refuse).
        let survives = false;
        JSON.parse(text, (k: string, x: unknown) => {
          if (k === '__proto__') survives = true;
          return x;
        });
        if (survives) expect(expectDecodeError(text).message).toMatch(/__proto__/);
        else expect(() => parseVenueJson(text)).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });
});
