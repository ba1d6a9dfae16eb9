/**
 * Which failures may be repeated. It reads only the error classes of the ground layer, so the
 * transport's retry loop and the protocol clients share one answer without the transport
 * importing the protocol layer.
 */
import { KrakenError, KrakenNonceError, KrakenRateLimitError, KrakenServiceUnavailableError, KrakenTransportError } from './errors.js';

/**
 * Whether repeating the same request may succeed. Callers still decide whether repeating is
 * *safe*: an order-entry call whose outcome is unknown is never retried blindly.
 */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof KrakenError)) return false;
  // `closed`: the caller aborted, or the socket under a WS request went away; neither is repeated blindly.
  if (err instanceof KrakenTransportError) return err.failure !== 'payload-too-large' && err.failure !== 'closed';
  if (err instanceof KrakenRateLimitError) return true;
  if (err instanceof KrakenServiceUnavailableError) return true;
  // Kraken processed nothing for a nonce rejection: the request is signed again with a fresh nonce, once.
  if (err instanceof KrakenNonceError) return true;
  return false;
}
