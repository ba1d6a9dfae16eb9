/**
 * Which failures count as the venue's definitive "no" (the engine rejects the orders at once) and
 * which leave an order's outcome unknown (it stays in flight until checked), and what an order
 * list reports when several of its requests failed.
 */
import { describe, expect, it } from 'vitest';
import { listFailure } from '../../../src/adapter/execution/list-failure.js';
import {
  KrakenAuthError,
  KrakenOrderRejectedError,
  KrakenRateLimitError,
  KrakenTransportError,
  KrakenValidationError,
} from '../../../src/core/errors.js';
import { isDefinitiveRejection } from '../../../src/node/execution-engine.js';

const rateLimited = new KrakenRateLimitError(['EOrder:Rate limit exceeded']);
const refused = new KrakenOrderRejectedError(['EOrder:Insufficient funds']);
const timedOut = new KrakenTransportError('request timed out', 'timeout');
const dropped = new KrakenTransportError('connection closed', 'closed');

describe('definitive refusals', () => {
  it("a rate-limit refusal is the venue's definitive no: nothing was placed", () => {
    expect(isDefinitiveRejection(rateLimited)).toBe(true);
    expect(isDefinitiveRejection(refused)).toBe(true);
    expect(isDefinitiveRejection(new KrakenValidationError('order', [{ path: '/x', message: 'bad' }]))).toBe(true);
    expect(isDefinitiveRejection(new KrakenAuthError(['EAPI:Invalid key']))).toBe(true);
  });

  it('a timeout or a dropped connection is not: the order may be live', () => {
    expect(isDefinitiveRejection(timedOut)).toBe(false);
    expect(isDefinitiveRejection(dropped)).toBe(false);
    expect(isDefinitiveRejection(new Error('anything else'))).toBe(false);
  });
});

describe('listFailure', () => {
  it('reports a failure with an unknown outcome before any definitive one, whatever the order', () => {
    expect(listFailure([rateLimited, timedOut])).toBe(timedOut);
    expect(listFailure([refused, dropped, rateLimited])).toBe(dropped);
  });

  it('the first definitive refusal when every failure is one; nothing when none failed', () => {
    expect(listFailure([refused, rateLimited])).toBe(refused);
    expect(listFailure([])).toBeUndefined();
  });
});
