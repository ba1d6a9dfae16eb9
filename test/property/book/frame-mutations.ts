/**
 * Mutations for the single-decode route property tests: a frame as Kraken writes it, edited field
 * by field (the edits a venue or a proxy could plausibly make, and ones no decoder should accept)
 * and character by character. Shared by the Spot, Futures and Unified route tests.
 */
import fc from 'fast-check';

export const stringArb = fc.constantFrom(
  'BTC/USD',
  'ETH/USD',
  'MATIC/USD',
  'A\\/B',
  '2023-10-06T17:35:55.440295Z',
  'buy',
  'sell',
  'limit',
  'market',
  '',
);

/** Field-level edits a venue or a proxy could plausibly make, and ones no decoder should accept. */
const fieldEdit = fc.record({
  kind: fc.constantFrom(
    'quote-number',
    'exponent',
    'minus-zero',
    'negative',
    'fraction-int',
    'duplicate-key',
    'unknown-key',
    'proto-key',
    'method-key',
    'drop-field',
    'null-value',
    'string-value',
    'whitespace',
    'escape-key',
    'event-key',
    'feed',
    'channel',
    'type',
    'empty-data',
    'extra-row',
  ),
  pick: fc.nat(),
  text: stringArb,
});

function nth(text: string, re: RegExp, pick: number): RegExpExecArray | undefined {
  const all = [...text.matchAll(re)];
  return all.length === 0 ? undefined : all[pick % all.length];
}

function editField(text: string, e: { kind: string; pick: number; text: string }): string {
  const at = (re: RegExp, f: (m: RegExpExecArray) => string): string => {
    const m = nth(text, re, e.pick);
    return m === undefined ? text : text.slice(0, m.index) + f(m) + text.slice(m.index + m[0].length);
  };
  switch (e.kind) {
    case 'quote-number':
      return at(/:(-?\d[\d.]*)/g, (m) => `:"${m[1]}"`);
    case 'exponent':
      return at(/:(-?\d+(?:\.\d+)?)/g, (m) => `:${m[1]}e${e.pick % 3 === 0 ? '+70' : '-2'}`);
    case 'minus-zero':
      return at(/:(-?\d[\d.]*)/g, () => ':-0');
    case 'negative':
      return at(/:(\d[\d.]*)/g, (m) => `:-${m[1]}`);
    case 'fraction-int':
      return at(/:(\d+)([,}])/g, (m) => `:${m[1]}.0${m[2]}`);
    case 'duplicate-key':
      return at(/"(\w+)":("[^"]*"|-?[\d.]+)/g, (m) => `${m[0]},${m[0]}`);
    case 'unknown-key':
      return at(/\{"/g, () => `{"extra":[1,{"a":null}],"`);
    case 'proto-key':
      return at(/\{"/g, () => (e.pick % 2 === 0 ? '{"__proto__":{},"' : '{"__pro\\u0074o__":1,"'));
    case 'method-key':
      return text.replace(/\}$/, ',"method":"x"}');
    case 'event-key':
      return text.replace(/\}$/, ',"event":"subscribed"}');
    case 'feed':
      return text.replace(/"feed":"\w+"/, `"feed":"${['book', 'book_snapshot', 'trade', 'ticker', 'ticker_lite'][e.pick % 5]}"`);
    case 'drop-field':
      return at(/"\w+":("[^"]*"|-?[\d.]+),?/g, () => '').replace(/,\}/g, '}');
    case 'null-value':
      return at(/:("[^"]*"|-?[\d.]+)/g, () => ':null');
    case 'string-value':
      return at(/:("[^"]*"|-?[\d.]+)/g, () => `:"${e.text}"`);
    case 'whitespace':
      return at(/[,:]/g, (m) => ` ${m[0]}\n\t`);
    case 'escape-key':
      return at(
        /"(price|qty|symbol|bid|trade_id|data|type|feed|product_id|seq|time|timestamp|markPrice|funding_rate|side)"/g,
        (m) => `"${m[1]!.slice(0, 1)}\\u00${m[1]!.charCodeAt(1).toString(16)}${m[1]!.slice(2)}"`,
      );
    case 'channel':
      return text.replace(/"channel":"\w+"/, `"channel":"${['book', 'trade', 'ticker', 'ohlc'][e.pick % 4]}"`);
    case 'type':
      return text.replace(/"type":"\w+"/, `"type":"${['snapshot', 'update', 'other'][e.pick % 3]}"`);
    case 'empty-data':
      return text.replace(/"data":\[.*\]/, '"data":[]');
    default:
      return text.replace(/"data":\[(\{.*\})\]/, '"data":[$1,$1]');
  }
}

const charEdit = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('delete', 'insert', 'replace', 'truncate'),
  char: fc.constantFrom(...'0123456789.-e+",:{}[] aZ\\'.split('')),
});

function editChar(text: string, m: { at: number; kind: string; char: string }): string {
  const at = m.at % text.length;
  if (m.kind === 'delete') return text.slice(0, at) + text.slice(at + 1);
  if (m.kind === 'insert') return text.slice(0, at) + m.char + text.slice(at);
  if (m.kind === 'replace') return text.slice(0, at) + m.char + text.slice(at + 1);
  return text.slice(0, at);
}

export const editsArb = fc.array(fc.oneof(fieldEdit, charEdit), { minLength: 0, maxLength: 2 });
export const apply = (
  text: string,
  edits: readonly ({ kind: string; pick: number; text: string } | { at: number; kind: string; char: string })[],
): string => edits.reduce((t, e) => ('pick' in e ? editField(t, e) : editChar(t, e)), text);
