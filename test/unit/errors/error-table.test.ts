import { describe, expect, it } from 'vitest';
import {
  classifyVenueError,
  isRetryable,
  KrakenApiError,
  KrakenAuthError,
  KrakenNonceError,
  KrakenOrderRejectedError,
  KrakenRateLimitError,
  KrakenServiceUnavailableError,
  KrakenTransportError,
  KrakenValidationError,
} from '../../../src/index.js';

describe('the venue error table', () => {
  const table: [string, new (...a: never[]) => KrakenApiError][] = [
    ['EAPI:Invalid nonce', KrakenNonceError],
    ['nonceBelowThreshold', KrakenNonceError],
    ['nonceDuplicate', KrakenNonceError],
    ['EAPI:Rate limit exceeded', KrakenRateLimitError],
    ['EOrder:Rate limit exceeded', KrakenRateLimitError],
    ['EService: Throttled: 1700000000', KrakenRateLimitError],
    ['apiLimitExceeded', KrakenRateLimitError],
    ['TOO_MANY_REQUESTS', KrakenRateLimitError],
    ['UNAUTHORIZED', KrakenAuthError],
    ['Unavailable', KrakenServiceUnavailableError],
    ['EAPI:Invalid key', KrakenAuthError],
    ['EAPI:Invalid signature', KrakenAuthError],
    ['EGeneral:Permission denied', KrakenAuthError],
    ['EGeneral:Temporary lockout', KrakenAuthError],
    ['authenticationError', KrakenAuthError],
    ['EService:Unavailable', KrakenServiceUnavailableError],
    ['EService:Busy', KrakenServiceUnavailableError],
    ['EGeneral:Internal error', KrakenServiceUnavailableError],
    ['EOrder:Insufficient funds', KrakenOrderRejectedError],
    ['EOrder:Order minimum not met', KrakenOrderRejectedError],
    ['EService:Market in cancel_only mode', KrakenOrderRejectedError],
    ['EGeneral:Invalid arguments:ordertype', KrakenApiError],
    ['EQuery:Unknown asset pair', KrakenApiError],
  ];
  it.each(table)('%s → %o', (code, cls) => {
    const err = classifyVenueError([code], { endpoint: '/0/private/AddOrder' });
    expect(err).toBeInstanceOf(cls);
    expect(err.constructor).toBe(cls);
    expect(err.codes).toEqual([code]);
    expect(err.endpoint).toBe('/0/private/AddOrder');
  });
  it('reads the retry time of EService: Throttled', () => {
    const err = classifyVenueError(['EService: Throttled: 1700000000']) as KrakenRateLimitError;
    expect(err.retryAtMs).toBe(1_700_000_000_000);
  });
  it('a warning does not decide the class', () => {
    expect(classifyVenueError(['WGeneral:Something', 'EAPI:Invalid nonce'])).toBeInstanceOf(KrakenNonceError);
  });
  it('isRetryable: transient yes, definitive no', () => {
    expect(isRetryable(classifyVenueError(['EService:Unavailable']))).toBe(true);
    expect(isRetryable(classifyVenueError(['EAPI:Rate limit exceeded']))).toBe(true);
    expect(isRetryable(new KrakenTransportError('t', 'timeout'))).toBe(true);
    expect(isRetryable(classifyVenueError(['EOrder:Insufficient funds']))).toBe(false);
    expect(isRetryable(classifyVenueError(['EAPI:Invalid key']))).toBe(false);
    expect(isRetryable(new KrakenValidationError('x', []))).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
  });
});
