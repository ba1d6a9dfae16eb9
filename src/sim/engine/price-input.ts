import { SimVenueError } from './errors.js';
import type { PriceInput } from './types/spot-requests.js';

const ABSOLUTE = /^\d+(\.\d+)?$/;
const RELATIVE = /^([+\-#])(\d+(\.\d+)?)(%?)$/;

/**
 * Parse a REST AddOrder/AmendOrder price (`25000.1`, `+5`, `-5`, `#5`, `+2%`) into a `PriceInput`.
 * Relative prefixes and the `%` suffix follow Kraken's AddOrder (relative prices).
 * Throws `EGeneral:Invalid arguments:<field>` on anything else.
 */
export function parseKrakenPrice(text: string, field = 'price'): PriceInput {
  const t = text.trim();
  if (ABSOLUTE.test(t)) return { kind: 'absolute', value: t };
  const m = RELATIVE.exec(t);
  if (m) {
    return { kind: 'offset', sign: m[1] as '+' | '-' | '#', value: m[2] as string, percent: m[4] === '%' };
  }
  throw new SimVenueError(`EGeneral:Invalid arguments:${field}`, `bad price ${JSON.stringify(text)}`);
}
