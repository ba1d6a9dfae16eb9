/**
 * The simulator's own Spot WS v2 `book` checksum. It shares no code with the client's book
 * (`src/kraken/spot/book/`): the client verifies what the simulator computes, so a bug on either
 * side shows up as a mismatch instead of being hidden by a shared implementation.
 *
 * Kraken's construction: the top 10 asks (best first, ascending) then the top 10 bids (best
 * first, descending); for each level its price then its quantity, each as decimal text with the
 * `.` removed and leading zeros stripped; CRC-32 (IEEE, as zlib) of the concatenation, unsigned.
 * The text is the engine's full-precision text (`0.5660`, not `0.566`): trailing zeros count.
 */

/** A level as the simulator puts it on the wire: exact decimal text at the pair's precision. */
export interface ChecksumLevel {
  readonly price: string;
  readonly qty: string;
}

const CHECKSUM_DEPTH = 10;

/** CRC-32 lookup table for the reflected IEEE polynomial 0xEDB88320, one entry per byte value. */
const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zlib's `crc32`) of the UTF-8 bytes of `text`, as an unsigned integer. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** `45281.0` → `452810`, `0.10000000` → `10000000`: the dot removed, then leading zeros. */
function checksumDigits(decimal: string): string {
  const digits = decimal.replace('.', '');
  let start = 0;
  while (start < digits.length - 1 && digits[start] === '0') start++;
  return digits.slice(start);
}

/** The text Kraken's checksum is the CRC-32 of. `asks` and `bids` are best first. */
export function spotBookChecksumText(asks: readonly ChecksumLevel[], bids: readonly ChecksumLevel[]): string {
  let text = '';
  for (const level of asks.slice(0, CHECKSUM_DEPTH)) text += checksumDigits(level.price) + checksumDigits(level.qty);
  for (const level of bids.slice(0, CHECKSUM_DEPTH)) text += checksumDigits(level.price) + checksumDigits(level.qty);
  return text;
}

/** The `checksum` field of a Spot WS v2 `book` snapshot or update. */
export function spotBookChecksum(asks: readonly ChecksumLevel[], bids: readonly ChecksumLevel[]): number {
  return crc32(spotBookChecksumText(asks, bids));
}
