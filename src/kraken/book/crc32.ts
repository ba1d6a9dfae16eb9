/**
 * Standard CRC-32 (IEEE 802.3 / zlib polynomial 0xEDB88320), unsigned, over ASCII text.
 *
 * Kraken's Spot v2 `book` checksum is this CRC over digit strings (Kraken's WS v2 `book`
 * channel documentation describes the algorithm). The input is
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

/** Slicing-by-8 tables: SLICES[k * 256 + n] is the CRC of byte n followed by k zero bytes. */
const SLICES: Uint32Array = (() => {
  const t = new Uint32Array(8 * 256);
  t.set(TABLE);
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const prev = t[(k - 1) * 256 + n]!;
      t[k * 256 + n] = (prev >>> 8) ^ TABLE[prev & 0xff]!;
    }
  }
  return t;
})();

/**
 * Continues a CRC over `bytes[start, end)`, eight bytes per step (slicing-by-8): the book hashes
 * ~300 digit bytes per message, and this is its largest single cost.
 */
export function crc32UpdateBytes(state: number, bytes: Uint8Array, start: number, end: number): number {
  const t = SLICES;
  let c = state;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const lo = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c =
      t[1792 + (lo & 0xff)]! ^
      t[1536 + ((lo >>> 8) & 0xff)]! ^
      t[1280 + ((lo >>> 16) & 0xff)]! ^
      t[1024 + (lo >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < end; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c;
}

/** Lengths below this get a byte-sliced shift table of their own; longer shifts compose tables (`crc32ShiftLong`). */
const SHIFT_TABLE_LIMIT = 64;
/** SHIFT_TABLES[n][256·b + v]: the "n zero bytes" operator applied to byte b of the state = v. */
const SHIFT_TABLES: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(SHIFT_TABLE_LIMIT).fill(undefined);

/** Column k: the "n zero bytes" operator applied to the state with only bit k set (CRC is linear over GF(2)). */
function columns(n: number): Int32Array {
  const cols = new Int32Array(32);
  for (let k = 0; k < 32; k++) {
    let v = (1 << k) >>> 0;
    for (let j = 0; j < n; j++) v = TABLE[v & 0xff]! ^ (v >>> 8);
    cols[k] = v;
  }
  return cols;
}

function shiftTable(n: number): Int32Array {
  const t = byteTable(columns(n));
  SHIFT_TABLES[n] = t;
  return t;
}

/** The operator as four byte tables: t[256·b + v] is its value on byte b of the state = v. */
function byteTable(cols: Int32Array): Int32Array {
  const t = new Int32Array(1024);
  for (let b = 0; b < 4; b++) {
    for (let v = 1; v < 256; v++) {
      const low = v & -v;
      t[256 * b + v] = t[256 * b + (v ^ low)]! ^ cols[8 * b + 31 - Math.clz32(low)]!;
    }
  }
  return t;
}

/**
 * The running state after feeding `n` zero bytes from `state`, in four table lookups (a few more
 * for 64 bytes or longer). Because the CRC update is linear,
 * `crc(state, A ‖ B) = crc(0, B) ⊕ shiftBytes(crc(state, A), |B|)`: the book chains cached
 * per-level CRCs with it and folds the asks' state through the bids' text (price-ladder.ts), so a
 * change re-hashes neither. Tables (4 KB each) are built on first use of a length and shared by
 * all books.
 */
export function crc32ShiftBytes(state: number, n: number): number {
  if (n >= SHIFT_TABLE_LIMIT) return crc32ShiftLong(state, n);
  const t = SHIFT_TABLES[n] ?? shiftTable(n);
  return t[state & 0xff]! ^ t[256 + ((state >>> 8) & 0xff)]! ^ t[512 + ((state >>> 16) & 0xff)]! ^ t[768 + (state >>> 24)]!;
}

/** Tables for shifts of 64 · 2^k bytes (k < 8), built on first use; longer shifts repeat the last. */
const LONG_SHIFT_TABLES: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(8).fill(undefined);

/**
 * A shift of 64 bytes or more as a few table shifts (one per set bit of n / 64, then the rest
 * below 64), rather than a 32-step walk over the operator's columns: the book folds the asks'
 * state through the bids' whole top-10 text (100–200 bytes) on every message.
 */
function crc32ShiftLong(state: number, n: number): number {
  let rest = n;
  for (let k = 7; k >= 0; k--) {
    const len = 64 << k;
    while (rest >= len) {
      const t = LONG_SHIFT_TABLES[k] ?? (LONG_SHIFT_TABLES[k] = byteTable(columns(len)));
      state = t[state & 0xff]! ^ t[256 + ((state >>> 8) & 0xff)]! ^ t[512 + ((state >>> 16) & 0xff)]! ^ t[768 + (state >>> 24)]!;
      rest -= len;
    }
  }
  return rest === 0 ? state : crc32ShiftBytes(state, rest);
}
