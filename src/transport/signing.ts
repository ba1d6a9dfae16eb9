/**
 * Kraken's request signatures, as pure functions, pinned byte for byte to Kraken's published
 * examples in test/unit/transport/signing.test.ts.
 * Secrets go in, signatures come out; nothing here logs or keeps a secret.
 *
 * The secret may be given as Kraken prints it (base64 text), as a node:crypto `KeyObject`, or
 * as the `HmacSha512Key` made once by `signingKeyFromBase64`, which is what the clients sign
 * with (their credentials hold one): it saves decoding the secret and setting up the HMAC key on
 * every request, the larger part of a signature's cost (see BENCHMARKS.md).
 *
 * Digests pass between the hash calls as Latin-1 text (one character a byte), not as Buffers:
 * on Node 20 a one-shot `hash` that returns a Buffer costs about 0.8 µs more than one that
 * returns a string, which was half of a signature. ('binary' is Node's name for Latin-1 here.)
 */
import { createHmac, hash, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { KrakenValidationError } from '../core/errors.js';

/** HMAC-SHA512's block size: a key is padded (or first hashed) to this many bytes. */
const BLOCK = 128;
/** Room for the message after the inner pad; a longer message is signed through a new buffer. */
const MESSAGE_ROOM = 512;
/** A raw digest: its bytes, or the same bytes as Latin-1 text (what `hash(…, 'binary')` returns). */
export type RawDigest = Uint8Array | string;

/** True when some character is above U+00FF: not a byte, so not part of a Latin-1 digest. */
function hasNonByte(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return true;
  return false;
}

/** Writes `digest`'s bytes into `target` at `offset`; returns the count written. */
function writeDigest(target: Buffer, offset: number, digest: RawDigest): number {
  if (typeof digest === 'string') return target.write(digest, offset, 'latin1');
  target.set(digest, offset);
  return digest.length;
}

/**
 * An HMAC-SHA512 key prepared once (RFC 2104: the key padded to the block and xored with the
 * inner and outer pads), so a signature is two one-shot SHA-512 calls over buffers it reuses.
 * Holds nothing the secret's owner does not already hold; shows none of it to `util.inspect`,
 * `JSON.stringify` or `String()`.
 */
export class HmacSha512Key {
  /** The inner pad, then room for the message being signed. */
  readonly #inner = Buffer.alloc(BLOCK + MESSAGE_ROOM);
  /** The outer pad, then the inner digest. */
  readonly #outer = Buffer.alloc(BLOCK + 64);

  constructor(secret: Uint8Array) {
    const key = secret.length > BLOCK ? hash('sha512', secret, 'buffer') : secret;
    for (let i = 0; i < BLOCK; i++) {
      const k = i < key.length ? key[i]! : 0;
      this.#inner[i] = k ^ 0x36;
      this.#outer[i] = k ^ 0x5c;
    }
  }

  /**
   * base64(HMAC-SHA512(key, prefix ‖ digest)): `prefix` as UTF-8 (may be empty), `digest` raw
   * bytes or those bytes as Latin-1 text.
   */
  signBase64(prefix: string, digest: RawDigest): string {
    // Latin-1 keeps only a character's low byte: text that is not a digest would be signed as another message.
    if (typeof digest === 'string' && hasNonByte(digest))
      throw new KrakenValidationError('HmacSha512Key.signBase64', [
        { path: '/digest', message: 'text digests hold bytes (U+0000–U+00FF) only' },
      ]);
    const inner = this.#inner;
    let message: Buffer;
    const room = MESSAGE_ROOM - digest.length;
    // Three bytes a UTF-16 unit at most, so the count is needed only for a long prefix.
    if (prefix.length * 3 <= room || Buffer.byteLength(prefix, 'utf8') <= room) {
      const end = BLOCK + inner.write(prefix, BLOCK, 'utf8');
      message = inner.subarray(0, end + writeDigest(inner, end, digest));
    } else {
      const bytes = typeof digest === 'string' ? Buffer.from(digest, 'latin1') : digest;
      message = Buffer.concat([inner.subarray(0, BLOCK), Buffer.from(prefix, 'utf8'), bytes]);
    }
    writeDigest(this.#outer, BLOCK, hash('sha512', message, 'binary'));
    return hash('sha512', this.#outer, 'base64');
  }

  toJSON(): string {
    return '[redacted]';
  }

  toString(): string {
    return '[HmacSha512Key]';
  }

  [inspect.custom](): string {
    return '[HmacSha512Key]';
  }
}

/** A signing secret: base64 text as Kraken issues it, a node:crypto key, or a prepared key. */
export type SigningSecret = string | KeyObject | HmacSha512Key;

/** The prepared HMAC key for a base64 secret; opaque to `util.inspect` and `JSON.stringify`. */
export function signingKeyFromBase64(secretBase64: string): HmacSha512Key {
  return new HmacSha512Key(Buffer.from(secretBase64, 'base64'));
}

/** base64(HMAC-SHA512(secret, prefix ‖ digest)), `digest` as Latin-1 text. */
function macBase64(secret: SigningSecret, prefix: string, digest: string): string {
  if (secret instanceof HmacSha512Key) return secret.signBase64(prefix, digest);
  const key = typeof secret === 'string' ? Buffer.from(secret, 'base64') : secret;
  return createHmac('sha512', key).update(prefix, 'utf8').update(digest, 'latin1').digest('base64');
}

/**
 * Spot REST `API-Sign`: base64(HMAC-SHA512(secret, uriPath ‖ SHA256(nonce ‖ postData))).
 * `postData` is the exact body sent (form or JSON text), including the nonce field.
 */
export function spotApiSign(uriPath: string, nonce: string | bigint | number, postData: string, secret: SigningSecret): string {
  return macBase64(secret, uriPath, hash('sha256', `${nonce}${postData}`, 'binary'));
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
  return macBase64(secret, '', hash('sha256', `${postData}${nonce ?? ''}${path}`, 'binary'));
}

/** Futures WS challenge: base64(HMAC-SHA512(secret, SHA256(challenge))). */
export function futuresSignChallenge(challenge: string, secret: SigningSecret): string {
  return macBase64(secret, '', hash('sha256', challenge, 'binary'));
}
