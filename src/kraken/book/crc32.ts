/**
 * Standard CRC-32 (IEEE 802.3 / zlib polynomial 0xEDB88320), unsigned, over ASCII text.
 *
 * Kraken's Spot v2 `book` checksum is this CRC over digit strings (see
 * ../shared/kraken-api/spot-ws-v2.md "Book checksum (CRC32) — exact algorithm"). The input is
 * only ASCII digits, so reading `charCodeAt` avoids building a byte buffer per message.
 */

const TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The running state before any input. Feed it to `crc32Update`, finish with `crc32Finish`. */
export const CRC32_INIT = 0xffffffff;

/** Continues a CRC over the characters of `text` (each must be < 256; digits in practice). */
export function crc32Update(state: number, text: string): number {
  let c = state;
  for (let i = 0; i < text.length; i++) {
    c = TABLE[(c ^ text.charCodeAt(i)) & 0xff]! ^ (c >>> 8);
  }
  return c;
}

/** The unsigned 32-bit checksum of a finished running state. */
export function crc32Finish(state: number): number {
  return (state ^ 0xffffffff) >>> 0;
}

/** CRC-32 of a whole ASCII string, unsigned. */
export function crc32(text: string): number {
  return crc32Finish(crc32Update(CRC32_INIT, text));
}

/** Continues a CRC over `bytes[start, end)`. */
export function crc32UpdateBytes(state: number, bytes: Uint8Array, start: number, end: number): number {
  let c = state;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c;
}
