/** Builders for Spot v2 / Futures book frames used by the book tests (not a test file). */
import { spotBookChecksum } from '../../../src/kraken/spot/book/checksum.js';

export type Level = readonly [price: string, qty: string];

/** Writes levels as bare JSON number tokens, exactly as given (trailing zeros kept). */
export function levelsJson(levels: readonly Level[]): string {
  return `[${levels.map(([p, q]) => `{"price":${p},"qty":${q}}`).join(',')}]`;
}

export function spotFrame(
  type: 'snapshot' | 'update',
  symbol: string,
  bids: readonly Level[],
  asks: readonly Level[],
  checksum: number,
): string {
  return (
    `{"channel":"book","type":"${type}","data":[{"symbol":"${symbol}","bids":${levelsJson(bids)},` +
    `"asks":${levelsJson(asks)},"checksum":${checksum},"timestamp":"2026-11-24T05:00:00.000000Z"}]}`
  );
}

/** Parses `price qty | price qty | …` rows, as Kraken's docs print book levels. */
export function rows(text: string): Level[] {
  return text
    .split(/\s*[|\n]\s*/)
    .filter((r) => r.trim() !== '')
    .map((r) => {
      const [p, q] = r.trim().split(/\s+/);
      return [p!, q!] as const;
    });
}

/** A snapshot frame whose checksum is computed from the given (precision-formatted) levels. */
export function validSnapshot(symbol: string, bids: readonly Level[], asks: readonly Level[]): string {
  return spotFrame('snapshot', symbol, bids, asks, spotBookChecksum(asks, bids));
}

// Kraken's documented BTC/USD book example (checksum 3310070434)
export const BTC_ASKS = rows(`45285.2 0.00100000 | 45286.4 1.54571953 | 45286.6 1.54571109 | 45289.6 1.54560911 | 45290.2 0.15890660 |
45291.8 1.54553491 | 45294.7 0.04454749 | 45296.1 0.35380000 | 45297.5 0.09945542 | 45299.5 0.18772827`);
export const BTC_BIDS = rows(`45283.5 0.10000000 | 45283.4 1.54582015 | 45282.1 0.10000000 | 45281.0 0.10000000 | 45280.3 1.54592586 |
45279.0 0.07990000 | 45277.6 0.03310103 | 45277.5 0.30000000 | 45277.3 1.54602737 | 45276.6 0.15445238`);

// Kraken's documented MATIC/USD book payload, numbers as the doc prints them (shortest form)
export const MATIC_BIDS = rows(`0.5666 4831.75496356 | 0.5665 6658.22734739 | 0.5664 18724.91513344 | 0.5663 11563.92544914 |
0.5662 14006.65365711 | 0.5661 17454.85679807 | 0.566 18097.1547 | 0.5659 33644.89175666 | 0.5658 148.3464 | 0.5657 606.70854372`);
export const MATIC_ASKS = rows(`0.5668 4410.79769741 | 0.5669 4655.40412487 | 0.567 49844.89424998 | 0.5671 24306.41678 |
0.5672 29783.25223475 | 0.5673 57234.71239278 | 0.5674 45065.04744 | 0.5675 5912.76380354 | 0.5676 42514.92434778 | 0.5677 36304.0847022`);
