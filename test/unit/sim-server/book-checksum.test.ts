/**
 * The simulator's own book checksum (src/sim/server/spot-ws/book-checksum.ts), checked against
 * Kraken's documented examples. It must not share code with the client's book, or a bug in one
 * would be mirrored by the other and every checksum would still "match".
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32, spotBookChecksum, spotBookChecksumText, type ChecksumLevel } from '../../../src/sim/server/spot-ws/book-checksum.js';

const levels = (rows: readonly (readonly [string, string])[]): ChecksumLevel[] => rows.map(([price, qty]) => ({ price, qty }));

/** Pads decimal text with trailing zeros to `places` decimals (how the engine prints a level). */
const atPrecision = (text: string, places: number): string => {
  const [int, frac = ''] = text.split('.');
  return `${int}.${frac.padEnd(places, '0')}`;
};

// Kraken's documented example: the BTC/USD snapshot on the "Book checksum (WebSocket v2)" page,
// with the two intermediate strings and the checksum it publishes.
const BTC_USD_ASKS = levels([
  ['45285.2', '0.00100000'],
  ['45286.4', '1.54571953'],
  ['45286.6', '1.54571109'],
  ['45289.6', '1.54560911'],
  ['45290.2', '0.15890660'],
  ['45291.8', '1.54553491'],
  ['45294.7', '0.04454749'],
  ['45296.1', '0.35380000'],
  ['45297.5', '0.09945542'],
  ['45299.5', '0.18772827'],
]);
const BTC_USD_BIDS = levels([
  ['45283.5', '0.10000000'],
  ['45283.4', '1.54582015'],
  ['45282.1', '0.10000000'],
  ['45281.0', '0.10000000'],
  ['45280.3', '1.54592586'],
  ['45279.0', '0.07990000'],
  ['45277.6', '0.03310103'],
  ['45277.5', '0.30000000'],
  ['45277.3', '1.54602737'],
  ['45276.6', '0.15445238'],
]);
const BTC_USD_ASKS_TEXT =
  '45285210000045286415457195345286615457110945289615456091145290215890660452918154553491452947445474945296135380000452975994554245299518772827';
const BTC_USD_BIDS_TEXT =
  '452835100000004528341545820154528211000000045281010000000452803154592586452790799000045277633101034527753000000045277315460273745276615445238';

// Kraken's documented example: the MATIC/USD snapshot and update on the `book` channel page. The
// page prints numbers in shortest form; its checksums are over the pair's precision (price 4
// decimals, quantity 8), which is the text the simulator sends.
const MATIC_BIDS_SHORT: [string, string][] = [
  ['0.5666', '4831.75496356'],
  ['0.5665', '6658.22734739'],
  ['0.5664', '18724.91513344'],
  ['0.5663', '11563.92544914'],
  ['0.5662', '14006.65365711'],
  ['0.5661', '17454.85679807'],
  ['0.566', '18097.1547'],
  ['0.5659', '33644.89175666'],
  ['0.5658', '148.3464'],
  ['0.5657', '606.70854372'],
];
const MATIC_ASKS_SHORT: [string, string][] = [
  ['0.5668', '4410.79769741'],
  ['0.5669', '4655.40412487'],
  ['0.567', '49844.89424998'],
  ['0.5671', '24306.41678'],
  ['0.5672', '29783.25223475'],
  ['0.5673', '57234.71239278'],
  ['0.5674', '45065.04744'],
  ['0.5675', '5912.76380354'],
  ['0.5676', '42514.92434778'],
  ['0.5677', '36304.0847022'],
];
const engineText = (rows: [string, string][]): ChecksumLevel[] =>
  rows.map(([p, q]) => ({ price: atPrecision(p, 4), qty: atPrecision(q, 8) }));

// Kraken's documented example from the v1 "Book Checksum" page: v1 builds the same string.
const V1_ASKS = levels(
  ['0.05005', '0.05010', '0.05015', '0.05020', '0.05025', '0.05030', '0.05035', '0.05040', '0.05045', '0.05050'].map(
    (p) => [p, '0.00000500'] as const,
  ),
);
const V1_BIDS = levels(
  ['0.05000', '0.04995', '0.04990', '0.04980', '0.04975', '0.04970', '0.04965', '0.04960', '0.04955', '0.04950'].map(
    (p) => [p, '0.00000500'] as const,
  ),
);

describe('simulator book checksum', () => {
  it("builds Kraken's documented BTC/USD strings and checksum 3310070434", () => {
    expect(spotBookChecksumText(BTC_USD_ASKS, [])).toBe(BTC_USD_ASKS_TEXT);
    expect(spotBookChecksumText([], BTC_USD_BIDS)).toBe(BTC_USD_BIDS_TEXT);
    expect(spotBookChecksum(BTC_USD_ASKS, BTC_USD_BIDS)).toBe(3310070434);
  });

  it("matches Kraken's documented MATIC/USD snapshot (2439117997) and update (2114181697) at the pair's precision", () => {
    const bids = engineText(MATIC_BIDS_SHORT);
    const asks = engineText(MATIC_ASKS_SHORT);
    expect(spotBookChecksum(asks, bids)).toBe(2439117997);
    const updated = bids.map((l) => (l.price === '0.5657' ? { price: l.price, qty: atPrecision('1098.3947558', 8) } : l));
    expect(spotBookChecksum(asks, updated)).toBe(2114181697);
  });

  it('keeps trailing zeros: the shortest-form text of the same book hashes differently', () => {
    expect(spotBookChecksum(levels(MATIC_ASKS_SHORT), levels(MATIC_BIDS_SHORT))).not.toBe(2439117997);
  });

  it("matches Kraken's documented v1 example (974947235), built the same way", () => {
    expect(spotBookChecksumText(V1_ASKS, V1_BIDS)).toBe(
      '50055005010500501550050205005025500503050050355005040500504550050505005000500499550049905004980500497550049705004965500496050049555004950500',
    );
    expect(spotBookChecksum(V1_ASKS, V1_BIDS)).toBe(974947235);
  });

  it('hashes only the top 10 levels of each side', () => {
    const extraAsk = { price: '45300.0', qty: '9.00000000' };
    const extraBid = { price: '45270.0', qty: '9.00000000' };
    expect(spotBookChecksum([...BTC_USD_ASKS, extraAsk], [...BTC_USD_BIDS, extraBid])).toBe(3310070434);
  });

  it('strips leading zeros but keeps a lone zero', () => {
    expect(spotBookChecksumText([{ price: '0.05000', qty: '0' }], [])).toBe('50000');
  });
});

describe('simulator CRC-32', () => {
  it('gives the CRC-32/IEEE check value for "123456789" (0xCBF43926) and 0 for no input', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
  });

  const zlibCrc32 = (zlib as { crc32?: (data: string) => number }).crc32;
  it.skipIf(zlibCrc32 === undefined)("agrees with zlib's CRC-32 on arbitrary text (Node's zlib.crc32, where this Node has it)", () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => crc32(s) === zlibCrc32!(s)));
  });
});

describe('simulator independence from the client', () => {
  it("no file in src/sim imports the client's protocol code (src/kraken) or transport (src/transport)", () => {
    const root = fileURLToPath(new URL('../../../src/sim', import.meta.url));
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts')) {
          for (const m of readFileSync(path, 'utf8').matchAll(/from '([^']+)'/g)) {
            if (/\/(kraken|transport)\//.test(m[1]!)) offenders.push(`${path.slice(root.length + 1)} → ${m[1]}`);
          }
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
