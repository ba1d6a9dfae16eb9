/**
 * Kraken's request signatures, as pure functions, pinned byte for byte to Kraken's published
 * examples in test/unit/transport/signing.test.ts.
 * Secrets go in, signatures come out; nothing here logs or keeps a secret.
 */
import { createHash, createHmac } from 'node:crypto';

function hmacKey(secretBase64: string): Buffer {
  return Buffer.from(secretBase64, 'base64');
}

/**
 * Spot REST `API-Sign`: base64(HMAC-SHA512(secret, uriPath ‖ SHA256(nonce ‖ postData))).
 * `postData` is the exact body sent (form or JSON text), including the nonce field.
 */
export function spotApiSign(uriPath: string, nonce: string | bigint | number, postData: string, secretBase64: string): string {
  const inner = createHash('sha256').update(`${nonce}${postData}`).digest();
  return createHmac('sha512', hmacKey(secretBase64))
    .update(Buffer.concat([Buffer.from(uriPath, 'utf8'), inner]))
    .digest('base64');
}

/** Strips the leading `/derivatives` that Futures Authent must not hash (Kraken's Futures authentication docs). */
export function futuresEndpointPathForSigning(urlPath: string): string {
  return urlPath.startsWith('/derivatives/') ? urlPath.slice('/derivatives'.length) : urlPath;
}

/**
 * Futures REST `Authent`: base64(HMAC-SHA512(secret, SHA256(postData ‖ nonce ‖ endpointPath))).
 * `endpointPath` may be given with or without the `/derivatives` prefix; it is stripped here.
 */
export function futuresAuthent(endpointPath: string, nonce: string | number | undefined, postData: string, secretBase64: string): string {
  const path = futuresEndpointPathForSigning(endpointPath);
  const inner = createHash('sha256')
    .update(`${postData}${nonce ?? ''}${path}`)
    .digest();
  return createHmac('sha512', hmacKey(secretBase64)).update(inner).digest('base64');
}

/** Futures WS challenge: base64(HMAC-SHA512(secret, SHA256(challenge))). */
export function futuresSignChallenge(challenge: string, secretBase64: string): string {
  const inner = createHash('sha256').update(challenge).digest();
  return createHmac('sha512', hmacKey(secretBase64)).update(inner).digest('base64');
}
