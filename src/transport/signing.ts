/**
 * Kraken's request signatures, as pure functions, pinned byte for byte to Kraken's published
 * examples in test/unit/transport/signing.test.ts.
 * Secrets go in, signatures come out; nothing here logs or keeps a secret.
 *
 * The secret may be given as Kraken prints it (base64 text) or as a `KeyObject` made once by
 * `signingKeyFromBase64`: the clients sign with the key object their credentials hold, which
 * saves decoding the secret and setting up the HMAC key on every request (the larger part of a
 * signature's cost, see BENCHMARKS.md).
 */
import { createHmac, createSecretKey, hash, type KeyObject } from 'node:crypto';

/** A signing secret: base64 text as Kraken issues it, or the key object made from it. */
export type SigningSecret = string | KeyObject;

/** The HMAC key object for a base64 secret; opaque to `util.inspect` and `JSON.stringify`. */
export function signingKeyFromBase64(secretBase64: string): KeyObject {
  return createSecretKey(Buffer.from(secretBase64, 'base64'));
}

function hmacKey(secret: SigningSecret): KeyObject | Buffer {
  return typeof secret === 'string' ? Buffer.from(secret, 'base64') : secret;
}

/**
 * Spot REST `API-Sign`: base64(HMAC-SHA512(secret, uriPath ‖ SHA256(nonce ‖ postData))).
 * `postData` is the exact body sent (form or JSON text), including the nonce field.
 */
export function spotApiSign(uriPath: string, nonce: string | bigint | number, postData: string, secret: SigningSecret): string {
  const inner = hash('sha256', `${nonce}${postData}`, 'buffer');
  return createHmac('sha512', hmacKey(secret)).update(uriPath, 'utf8').update(inner).digest('base64');
}

/** Strips the leading `/derivatives` that Futures Authent must not hash (Kraken's Futures authentication docs). */
export function futuresEndpointPathForSigning(urlPath: string): string {
  return urlPath.startsWith('/derivatives/') ? urlPath.slice('/derivatives'.length) : urlPath;
}

/**
 * Futures REST `Authent`: base64(HMAC-SHA512(secret, SHA256(postData ‖ nonce ‖ endpointPath))).
 * `endpointPath` may be given with or without the `/derivatives` prefix; it is stripped here.
 */
export function futuresAuthent(endpointPath: string, nonce: string | number | undefined, postData: string, secret: SigningSecret): string {
  const path = futuresEndpointPathForSigning(endpointPath);
  const inner = hash('sha256', `${postData}${nonce ?? ''}${path}`, 'buffer');
  return createHmac('sha512', hmacKey(secret)).update(inner).digest('base64');
}

/** Futures WS challenge: base64(HMAC-SHA512(secret, SHA256(challenge))). */
export function futuresSignChallenge(challenge: string, secret: SigningSecret): string {
  const inner = hash('sha256', challenge, 'buffer');
  return createHmac('sha512', hmacKey(secret)).update(inner).digest('base64');
}
