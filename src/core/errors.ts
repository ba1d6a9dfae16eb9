/**
 * The one typed error hierarchy of krakenkit.
 *
 * Every failure that leaves a krakenkit component is a `KrakenError`. Venue error strings
 * (Spot `error: string[]`, Futures `error` / `errors[].code`) are mapped to a subclass by the
 * single table in `error-table.ts`; nothing else decides an error's class.
 *
 * Errors never carry secrets: they hold the endpoint, the venue codes and a bounded excerpt of
 * the response body, never request headers or signed bodies.
 */

export type KrakenErrorKind =
  'api' | 'nonce' | 'rate-limit' | 'auth' | 'transport' | 'validation' | 'unavailable' | 'order-rejected' | 'state';

export interface KrakenErrorOptions {
  /** The endpoint or channel the error came from, e.g. `/0/private/AddOrder`. */
  readonly endpoint?: string;
  /** The original cause (never serialised with secrets). */
  readonly cause?: unknown;
}

export class KrakenError extends Error {
  readonly kind: KrakenErrorKind = 'api';
  readonly endpoint: string | undefined;

  constructor(message: string, options: KrakenErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.endpoint = options.endpoint;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, kind: this.kind, message: this.message, endpoint: this.endpoint };
  }
}

/** The venue answered with one or more error codes (`EOrder:Insufficient funds`, `invalidSize`, …). */
export class KrakenApiError extends KrakenError {
  override readonly kind: KrakenErrorKind = 'api';
  /** The venue's error strings, exactly as sent. */
  readonly codes: readonly string[];

  constructor(codes: readonly string[], options: KrakenErrorOptions = {}) {
    super(codes.join('; ') || 'Kraken returned an error', options);
    this.codes = Object.freeze([...codes]);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), codes: this.codes };
  }
}

/** A definitive order reject (`EOrder:*` other than rate limits). Never retried unchanged. */
export class KrakenOrderRejectedError extends KrakenApiError {
  override readonly kind: KrakenErrorKind = 'order-rejected';
}

/** `EAPI:Invalid nonce`, Futures `nonceBelowThreshold` / `nonceDuplicate`. */
export class KrakenNonceError extends KrakenApiError {
  override readonly kind: KrakenErrorKind = 'nonce';
}

/** `EAPI:Rate limit exceeded`, `EOrder:Rate limit exceeded`, `EService: Throttled`, Futures `apiLimitExceeded`. */
export class KrakenRateLimitError extends KrakenApiError {
  override readonly kind: KrakenErrorKind = 'rate-limit';
  /** When the venue said when to retry (`EService: Throttled: <ts>`), in epoch milliseconds. */
  readonly retryAtMs: number | undefined;

  constructor(codes: readonly string[], options: KrakenErrorOptions & { retryAtMs?: number } = {}) {
    super(codes, options);
    this.retryAtMs = options.retryAtMs;
  }
}

/**
 * Raised by krakenkit's own rate limiter, before anything is sent: the request would have to wait
 * longer than the configured bound for Kraken's counter to have room. `codes` is empty (the venue
 * said nothing); the message names the limit and the expected wait.
 */
export class KrakenRateLimitWaitError extends KrakenRateLimitError {
  /** Which local model refused: `spot-rest`, `spot-trading`, `futures-derivatives`, `futures-history`, `ceiling`, `throttled`. */
  readonly limit: string;
  readonly expectedWaitMs: number;
  readonly maxWaitMs: number;

  constructor(limit: string, expectedWaitMs: number, maxWaitMs: number, options: KrakenErrorOptions = {}) {
    super([], options);
    this.limit = limit;
    this.expectedWaitMs = expectedWaitMs;
    this.maxWaitMs = maxWaitMs;
    this.message = Number.isFinite(expectedWaitMs)
      ? `rate limit (${limit}): the request would wait about ${(expectedWaitMs / 1000).toFixed(1)} s, more than the ${(maxWaitMs / 1000).toFixed(1)} s allowed; nothing was sent`
      : `rate limit (${limit}): the request costs more than the limit's maximum and can never be sent; nothing was sent`;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), limit: this.limit, expectedWaitMs: this.expectedWaitMs, maxWaitMs: this.maxWaitMs };
  }
}

/** Bad key, bad signature, missing permission, lockout, missing credentials. */
export class KrakenAuthError extends KrakenApiError {
  override readonly kind: KrakenErrorKind = 'auth';
}

/** The venue is unavailable or busy (`EService:Unavailable`, `EService:Busy`, `EGeneral:Internal error`). */
export class KrakenServiceUnavailableError extends KrakenApiError {
  override readonly kind: KrakenErrorKind = 'unavailable';
}

export type TransportFailure = 'timeout' | 'network' | 'http-status' | 'bad-body' | 'closed' | 'payload-too-large';

/** The request did not complete cleanly at the transport: timeout, socket error, 5xx/HTML, unparsable body. */
export class KrakenTransportError extends KrakenError {
  override readonly kind: KrakenErrorKind = 'transport';
  readonly failure: TransportFailure;
  readonly status: number | undefined;
  /** At most 200 characters of the response body, for diagnosis. */
  readonly bodyExcerpt: string | undefined;

  constructor(message: string, failure: TransportFailure, options: KrakenErrorOptions & { status?: number; bodyExcerpt?: string } = {}) {
    super(message, options);
    this.failure = failure;
    this.status = options.status;
    this.bodyExcerpt = options.bodyExcerpt?.slice(0, 200);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), failure: this.failure, status: this.status, bodyExcerpt: this.bodyExcerpt };
  }
}

export interface ValidationIssue {
  /** JSON pointer into the payload, e.g. `/result/XXBTZUSD/a/0`. */
  readonly path: string;
  readonly message: string;
}

/** A payload (from the venue or from the user) does not match its schema. */
export class KrakenValidationError extends KrakenError {
  override readonly kind: KrakenErrorKind = 'validation';
  readonly issues: readonly ValidationIssue[];

  constructor(what: string, issues: readonly ValidationIssue[], options: KrakenErrorOptions = {}) {
    const first = issues
      .slice(0, 3)
      .map((i) => `${i.path || '/'} ${i.message}`)
      .join('; ');
    super(`${what}: ${first}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}`, options);
    this.issues = Object.freeze([...issues]);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/** An operation is illegal in the current state (an order transition, a closed client, …). */
export class KrakenStateError extends KrakenError {
  override readonly kind: KrakenErrorKind = 'state';
}

/**
 * Another live process already signs for this API key (its lock file names the pid). Two signers
 * on one key race each other's nonces and lock both out.
 */
export class KrakenKeyInUseError extends KrakenStateError {
  /** The lock file, named by a hash of the key (never the key). */
  readonly lockFile: string;
  readonly holderPid: number | undefined;

  constructor(message: string, lockFile: string, holderPid: number | undefined) {
    super(message);
    this.lockFile = lockFile;
    this.holderPid = holderPid;
  }
}

/**
 * The key's private calls are halted: the venue rejected its nonces several times in a row, which
 * means another signer on the key or a nonce regression; carrying on would only feed a lockout.
 */
export class KrakenNonceBreakerError extends KrakenStateError {
  readonly consecutiveRejections: number;

  constructor(message: string, consecutiveRejections: number) {
    super(message);
    this.consecutiveRejections = consecutiveRejections;
  }
}
