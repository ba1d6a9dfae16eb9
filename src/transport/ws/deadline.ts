/** A promise with a deadline on the injected clock (used for the token fetch before replay). */
import { KrakenError, KrakenTransportError } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import { redactedCause } from './redacted-cause.js';

/**
 * Resolves with `promise` or rejects with `KrakenTransportError` failure `timeout` after `ms`.
 * A rejection that is already a `KrakenError` (e.g. `KrakenAuthError` from REST) keeps its class;
 * anything else is wrapped, with the original kept as `cause` and out of the message (a token
 * provider's own error text is not ours to print).
 */
export function withDeadline<T>(clock: Clock, promise: Promise<T>, ms: number, what: string, endpoint: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(
      () => reject(new KrakenTransportError(`${what} took longer than ${ms} ms`, 'timeout', { endpoint })),
      ms,
    );
    promise.then(
      (v) => {
        clock.clearTimeout(timer);
        resolve(v);
      },
      (cause: unknown) => {
        clock.clearTimeout(timer);
        // A typed failure (e.g. KrakenAuthError from REST) keeps its class; anything else is wrapped
        // with a redacted copy of the original as `cause` (no own properties, URL userinfo masked),
        // not in the message.
        reject(
          cause instanceof KrakenError
            ? cause
            : new KrakenTransportError(`${what} failed`, 'network', { endpoint, cause: redactedCause(cause) }),
        );
      },
    );
  });
}
