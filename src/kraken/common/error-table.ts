/**
 * The single table from Kraken error strings to error classes (`isRetryable` is in
 * src/core/retryable.ts).
 *
 * Spot sends `<severity><category>:<description>` strings (Kraken's REST docs list them);
 * Futures sends camelCase codes (`nonceBelowThreshold`,
 * `apiLimitExceeded`, …). Both go through `classifyVenueError`.
 */
import {
  KrakenApiError,
  KrakenAuthError,
  KrakenNonceError,
  KrakenOrderRejectedError,
  KrakenRateLimitError,
  KrakenServiceUnavailableError,
  type KrakenErrorOptions,
} from '../../core/errors.js';

type ApiErrorClass =
  | typeof KrakenApiError
  | typeof KrakenAuthError
  | typeof KrakenNonceError
  | typeof KrakenOrderRejectedError
  | typeof KrakenRateLimitError
  | typeof KrakenServiceUnavailableError;

/** Ordered rules: the first whose test matches a code decides the class. */
const RULES: ReadonlyArray<readonly [test: (code: string) => boolean, cls: ApiErrorClass]> = [
  [(c) => c.startsWith('EAPI:Invalid nonce'), KrakenNonceError],
  [(c) => c === 'nonceBelowThreshold' || c === 'nonceDuplicate', KrakenNonceError],
  [(c) => /^E(API|Order|Auth):Rate limit exceeded/.test(c), KrakenRateLimitError],
  [(c) => c.startsWith('EOrder:Domain rate limit exceeded'), KrakenRateLimitError],
  [(c) => /^EService: ?Throttled/.test(c), KrakenRateLimitError],
  [(c) => c.startsWith('EAuth:Too many requests'), KrakenRateLimitError],
  [(c) => c === 'apiLimitExceeded' || c === 'rateLimitExceeded' || c === 'TOO_MANY_REQUESTS', KrakenRateLimitError],
  [(c) => /^EAPI:(Invalid key|Invalid signature|Bad request)/.test(c), KrakenAuthError],
  [(c) => /^EGeneral:(Permission denied|Temporary lockout)/.test(c), KrakenAuthError],
  [(c) => c.startsWith('EAuth:') || c.startsWith('EAccount:Invalid permissions'), KrakenAuthError],
  [
    (c) =>
      [
        'authenticationError',
        'requiredArgumentMissing:APIKey',
        'apiKeyInvalid',
        'invalidApiKey',
        'Invalid API key',
        'insufficientPermissions',
        'UNAUTHORIZED',
      ].includes(c),
    KrakenAuthError,
  ],
  [(c) => /^EService:(Unavailable|Busy|Deadline elapsed)/.test(c), KrakenServiceUnavailableError],
  [(c) => c.startsWith('EGeneral:Internal error'), KrakenServiceUnavailableError],
  // The Futures trading API says `Unavailable` (capital U) during outages.
  [(c) => c === 'Server Error' || c === 'serverError' || c === 'unavailable' || c === 'Unavailable', KrakenServiceUnavailableError],
  [(c) => c.startsWith('EOrder:') || c.startsWith('EService:Market in'), KrakenOrderRejectedError],
];

export function errorClassFor(code: string): ApiErrorClass {
  for (const [test, cls] of RULES) if (test(code)) return cls;
  return KrakenApiError;
}

/** Builds the typed error for a set of venue codes; the first classifiable code decides the class. */
export function classifyVenueError(codes: readonly string[], options: KrakenErrorOptions = {}): KrakenApiError {
  const errorCodes = codes.filter((c) => !c.startsWith('W'));
  const decisive = errorCodes.find((c) => errorClassFor(c) !== KrakenApiError) ?? errorCodes[0] ?? codes[0] ?? '';
  const cls = errorClassFor(decisive);
  if (cls === KrakenRateLimitError) {
    const throttled = /Throttled:\s*(\d+)/.exec(decisive);
    const retryAtMs = throttled ? Number(throttled[1]) * 1000 : undefined;
    return new KrakenRateLimitError(codes, retryAtMs === undefined ? options : { ...options, retryAtMs });
  }
  return new cls(codes, options);
}
