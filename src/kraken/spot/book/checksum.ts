/**
 * Kraken's Spot v2 `book` checksum over levels given as decimal text (as Kraken's WS v2
 * `book` docs define it; test/unit/book/spot-checksum-vectors.test.ts pins it): top 10 asks ascending, then top 10 bids descending; for each
 * level price then qty with the `.` removed and leading zeros stripped; CRC32, unsigned.
 *
 * Kraken hashes engine-precision text (`0.5660`, not `0.566`, although the docs' example prints the latter). Pass
 * `precision` (the pair's `price_precision` / `qty_precision`) to have the text re-scaled first;
 * without it the text is hashed as given. For producers (the simulator, test generators) and for
 * checking a recorded frame by hand; the live book keeps its own incremental state.
 */
import { KrakenValidationError } from '../../../core/errors.js';
import { CRC32_INIT, crc32Finish, crc32Update } from '../../book/crc32.js';
import { scaleDecimalDigits } from '../../book/decimal-text.js';
import type { BookLevel } from '../../book/types.js';

function digits(decimal: string): string {
  const s = decimal.replace('.', '');
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 48) i++;
  return s.slice(i);
}

function scaled(decimal: string, places: number): string {
  const d = scaleDecimalDigits(decimal, places);
  if (d === null) {
    throw new KrakenValidationError('spotBookChecksum', [
      { path: '', message: `${decimal} is not a non-negative decimal with at most ${places} decimals` },
    ]);
  }
  return d;
}

export function spotBookChecksum(
  asks: readonly BookLevel[],
  bids: readonly BookLevel[],
  precision?: { readonly price: number; readonly qty: number },
): number {
  const text =
    precision === undefined
      ? (l: BookLevel) => digits(l[0]) + digits(l[1])
      : (l: BookLevel) => scaled(l[0], precision.price) + scaled(l[1], precision.qty);
  let state = CRC32_INIT;
  for (const level of asks.slice(0, 10)) state = crc32Update(state, text(level));
  for (const level of bids.slice(0, 10)) state = crc32Update(state, text(level));
  return crc32Finish(state);
}
