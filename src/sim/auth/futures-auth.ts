/**
 * Verifies Futures REST private requests: `APIKey`, `Authent` over
 * `postData + Nonce + endpointPath` with the leading `/derivatives` removed, and the optional
 * `Nonce` header, which must increase per key (`nonceBelowThreshold` / `nonceDuplicate`).
 */
import { expectedFuturesAuthent } from './signatures.js';
import type { FuturesCredential } from './credentials.js';
import { parseNonce, type KeyStore } from './key-store.js';
import { sameText } from './spot-auth.js';

export interface FuturesPrivateRequest {
  /** The URL path as received, e.g. `/derivatives/api/v3/sendorder`. */
  readonly path: string;
  readonly apiKey: string | undefined;
  readonly authent: string | undefined;
  readonly nonce: string | undefined;
  /** Query string (without `?`) followed by the body, exactly as received. */
  readonly postData: string;
  /** Whether the call changes state (needs a full-access key). */
  readonly needsFullAccess: boolean;
}

export type FuturesAuthResult =
  | { readonly ok: true; readonly credential: FuturesCredential }
  | { readonly ok: false; readonly error: 'authenticationError' | 'nonceBelowThreshold' | 'nonceDuplicate' };

export function verifyFuturesRequest(keys: KeyStore, req: FuturesPrivateRequest): FuturesAuthResult {
  const credential = keys.futures(req.apiKey);
  if (credential === undefined) return { ok: false, error: 'authenticationError' };
  const expected = expectedFuturesAuthent(req.path, req.nonce, req.postData, credential.apiSecret);
  if (!sameText(expected, req.authent)) return { ok: false, error: 'authenticationError' };
  if (req.nonce !== undefined && req.nonce !== '') {
    const nonce = parseNonce(req.nonce);
    if (nonce === undefined) return { ok: false, error: 'authenticationError' };
    const verdict = keys.useNonce(credential.apiKey, nonce);
    if (verdict === 'below') return { ok: false, error: 'nonceBelowThreshold' };
    if (verdict === 'duplicate') return { ok: false, error: 'nonceDuplicate' };
  }
  // A read-only key on a state-changing call: Kraken's enum has no dedicated permission error;
  // the simulator answers `authenticationError` (UNCONFIRMED wording).
  if (req.needsFullAccess && credential.access !== 'full') return { ok: false, error: 'authenticationError' };
  return { ok: true, credential };
}
