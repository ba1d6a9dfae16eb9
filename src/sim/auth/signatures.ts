/**
 * The signatures the simulator expects, computed from Kraken's documented algorithms with no code
 * shared with the client's signer (`src/transport/signing.ts`): the simulator is what proves the
 * client signs correctly, so it must not reuse the code under test.
 */
import { createHash, createHmac } from 'node:crypto';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function hmacSha512Base64(secretBase64: string, message: Buffer): string {
  return createHmac('sha512', Buffer.from(secretBase64, 'base64')).update(message).digest('base64');
}

/** Spot REST `API-Sign`: base64(HMAC-SHA512(secret, path bytes followed by SHA-256(nonce + body))). */
export function expectedSpotApiSign(path: string, nonce: string, rawBody: string, secretBase64: string): string {
  return hmacSha512Base64(secretBase64, Buffer.concat([Buffer.from(path, 'utf8'), sha256(nonce + rawBody)]));
}

/**
 * Futures REST `Authent`: base64(HMAC-SHA512(secret, SHA-256(postData + nonce + path))), where the
 * path is hashed without its leading `/derivatives` and an absent nonce contributes nothing.
 */
export function expectedFuturesAuthent(urlPath: string, nonce: string | undefined, postData: string, secretBase64: string): string {
  const path = urlPath.startsWith('/derivatives/') ? urlPath.slice('/derivatives'.length) : urlPath;
  return hmacSha512Base64(secretBase64, sha256(postData + (nonce ?? '') + path));
}

/** Futures WS signed challenge: base64(HMAC-SHA512(secret, SHA-256(challenge))). */
export function expectedSignedChallenge(challenge: string, secretBase64: string): string {
  return hmacSha512Base64(secretBase64, sha256(challenge));
}
