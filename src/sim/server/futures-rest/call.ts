/** One Futures REST call as the handlers see it, and the rejection that ends one with Kraken's error. */

/** Query and body parameters together; a key given more than once becomes an array. */
export type CallParams = Record<string, unknown>;

export interface Call {
  readonly method: string;
  readonly path: string;
  readonly params: CallParams;
  readonly query: URLSearchParams;
}

/** Ends a call with Kraken's v3 error envelope: `error: code`, with `status` (200 for API errors). */
export class Rejected extends Error {
  constructor(
    readonly code: string,
    readonly status = 200,
  ) {
    super(code);
  }
}
