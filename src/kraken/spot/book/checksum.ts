/**
 * Kraken's Spot v2 `book` checksum over levels given as decimal text (spot-ws-v2.md "Book
 * checksum"; test-vectors.md §3): top 10 asks ascending, then top 10 bids descending; for each
 * level price then qty with the `.` removed and leading zeros stripped; CRC32, unsigned.
 *
 * The text must already be at the pair's precision (`0.5660`, not `0.566`): the venue hashes
 * its engine-precision text (test-vectors.md §3.2). For producers (the simulator, test
 * generators) and for checking a recorded frame by hand; the live book keeps its own cache.
 */
import { CRC32_INIT, crc32Finish, crc32Update } from '../../book/crc32.js';
import type { BookLevel } from '../../book/types.js';

function digits(decimal: string): string {
  const s = decimal.replace('.', '');
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 48) i++;
  return s.slice(i);
}

export function spotBookChecksum(asks: readonly BookLevel[], bids: readonly BookLevel[]): number {
  let state = CRC32_INIT;
  for (const [price, qty] of asks.slice(0, 10)) state = crc32Update(crc32Update(state, digits(price)), digits(qty));
  for (const [price, qty] of bids.slice(0, 10)) state = crc32Update(crc32Update(state, digits(price)), digits(qty));
  return crc32Finish(state);
}
