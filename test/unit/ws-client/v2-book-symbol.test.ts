/**
 * Which verified book a raw `book` frame goes to: the symbol read at its place in a frame written
 * as Kraken writes it, found by search in any other layout, and '' when the frame names none.
 */
import { describe, expect, it } from 'vitest';
import { v2BookSymbolOf } from '../../../src/kraken/common/v2/channel-text.js';

describe('v2BookSymbolOf', () => {
  it('reads the symbol of compact update and snapshot frames', () => {
    expect(v2BookSymbolOf('{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[],"asks":[],"checksum":1}]}')).toBe(
      'BTC/USD',
    );
    expect(v2BookSymbolOf('{"channel":"book","type":"snapshot","data":[{"symbol":"MATIC/USD","bids":[],"asks":[]}]}')).toBe('MATIC/USD');
  });

  it('finds it in another layout (whitespace, keys in another order)', () => {
    expect(v2BookSymbolOf('{"type": "update", "channel": "book", "data": [{"checksum": 1, "symbol":"ETH/USD"}]}')).toBe('ETH/USD');
    expect(v2BookSymbolOf('{"channel":"book","type":"update","data":[{"checksum":1,"symbol":"SOL/USD"}]}')).toBe('SOL/USD');
  });

  it("'' when the frame names no symbol or is cut short", () => {
    expect(v2BookSymbolOf('{"channel":"book","type":"update","data":[{"bids":[]}]}')).toBe('');
    expect(v2BookSymbolOf('{"channel":"book","type":"update","data":[{"symbol":"BTC/US')).toBe('');
    expect(v2BookSymbolOf('')).toBe('');
  });
});
