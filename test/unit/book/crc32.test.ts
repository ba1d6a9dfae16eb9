/**
 * The CRC-32 building blocks the verified Spot book chains its checksum with: every shift equals
 * feeding that many zero bytes, at the short lengths of one level's text and at the long ones of a
 * whole side's top-10 text, and the byte routine equals node:zlib's CRC-32.
 */
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CRC32_INIT, crc32Finish, crc32ShiftBytes, crc32UpdateBytes } from '../../../src/kraken/book/crc32.js';

/** The reference: the state after feeding `n` zero bytes, one at a time. */
function zeros(state: number, n: number): number {
  return crc32UpdateBytes(state, new Uint8Array(n), 0, n);
}

describe('crc32 shifts', () => {
  const states = [0, 1, 0x80000000 | 0, CRC32_INIT | 0, 0x12345678, 0xdeadbeef | 0, 0x0badf00d];

  it('crc32ShiftBytes equals feeding n zero bytes, for n from 0 to 1,100 (short and composed long shifts)', () => {
    for (const s of states) {
      for (let n = 0; n <= 1100; n += n < 200 ? 1 : 37) {
        expect(crc32ShiftBytes(s, n) >>> 0, `state ${s} n ${n}`).toBe(zeros(s, n) >>> 0);
      }
    }
  });

  it('linearity as the book uses it: crc(s, A‖B) = crc(0, B) xor shift(crc(s, A), |B|)', () => {
    const a = Buffer.from('452835100000000452834154582015');
    const b = Buffer.from('4528521000004528641545719530'.repeat(6));
    const whole = crc32UpdateBytes(CRC32_INIT, Buffer.concat([a, b]), 0, a.length + b.length);
    const folded = crc32UpdateBytes(0, b, 0, b.length) ^ crc32ShiftBytes(crc32UpdateBytes(CRC32_INIT, a, 0, a.length), b.length);
    expect(folded >>> 0).toBe(whole >>> 0);
    expect(crc32Finish(whole)).toBe(zlibCrc32(Buffer.concat([a, b])));
  });
});
