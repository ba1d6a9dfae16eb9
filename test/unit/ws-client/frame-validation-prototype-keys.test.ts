/**
 * The venue chooses the `channel` / `feed` / `method` / `event` string that selects a generated
 * validator table entry. Names of `Object.prototype` members must select nothing (a normal
 * "unknown message kind" drop), never an inherited function.
 */
import { describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { validateFuturesEvent, validateFuturesFeedFrame } from '../../../src/kraken/futures/ws/frame-validation.js';
import { validateSpotChannelFrame, validateSpotResponse } from '../../../src/kraken/spot/ws/frame-validation.js';
import { ownEntry } from '../../../src/transport/ws/frame-validation.js';

const PROTO_KEYS = ['constructor', 'hasOwnProperty', '__proto__', 'toString', 'valueOf', 'isPrototypeOf', '__defineGetter__'];
const validators = [
  ['spot channel', validateSpotChannelFrame],
  ['spot response', validateSpotResponse],
  ['futures feed', validateFuturesFeedFrame],
  ['futures event', validateFuturesEvent],
] as const;

describe('frame validation with prototype member names from the venue', () => {
  for (const [what, validate] of validators) {
    it.each(PROTO_KEYS)(`${what} '%s' is an unknown message kind, not a crash`, (key) => {
      const checked = validate(key, { channel: key, feed: key, method: key, event: key, data: [] }, 'ws://127.0.0.1');
      if (checked.valid) throw new Error(`'${key}' selected a validator`);
      expect(checked.error).toBeInstanceOf(KrakenValidationError);
      expect(checked.error.issues).toEqual([{ path: '', message: 'unknown message kind' }]);
    });
  }

  it('known kinds still select their validators', () => {
    expect(validateSpotChannelFrame('heartbeat', { channel: 'heartbeat' }, 'ws://x')).toEqual({
      valid: true,
      message: { channel: 'heartbeat' },
    });
    expect(validateFuturesFeedFrame('heartbeat', { feed: 'heartbeat', time: 1 }, 'ws://x')).toEqual({
      valid: true,
      message: { feed: 'heartbeat', time: 1 },
    });
  });

  it('ownEntry reads own keys only', () => {
    const table: Record<string, number> = { book: 1 };
    expect(ownEntry(table, 'book')).toBe(1);
    for (const k of PROTO_KEYS) expect(ownEntry(table, k)).toBeUndefined();
  });
});
