/**
 * API credentials that never leak: the secret lives in a private field, and `util.inspect`,
 * `JSON.stringify` and string conversion show only a masked key.
 */
import { inspect } from 'node:util';
import { KrakenAuthError } from '../../core/errors.js';
import { rememberSecret } from '../../core/secret-values.js';
import { signingKeyFromBase64, type HmacSha512Key } from '../../transport/signing.js';

export function maskKey(apiKey: string): string {
  return apiKey.length <= 8 ? '****' : `${apiKey.slice(0, 4)}…${apiKey.slice(-2)}`;
}

export class ApiCredentials {
  readonly apiKey: string;
  readonly #secret: string;
  #signingKey: HmacSha512Key | undefined;

  constructor(apiKey: string, apiSecret: string) {
    if (!apiKey || !apiSecret) throw new KrakenAuthError(['krakenkit: an API key and secret are both required']);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(apiSecret)) throw new KrakenAuthError(['krakenkit: the API secret is not base64']);
    this.apiKey = apiKey;
    this.#secret = apiSecret;
    // Logs mask both wherever they appear, free text included.
    rememberSecret(apiKey);
    rememberSecret(apiSecret);
  }

  /** The base64 secret, for a signing function only. */
  secret(): string {
    return this.#secret;
  }

  /** The secret as an HMAC key object, made on first use and kept: what the REST clients sign with. */
  signingKey(): HmacSha512Key {
    return (this.#signingKey ??= signingKeyFromBase64(this.#secret));
  }

  toJSON(): Record<string, string> {
    return { apiKey: maskKey(this.apiKey), apiSecret: '[redacted]' };
  }

  toString(): string {
    return `ApiCredentials(${maskKey(this.apiKey)})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Credentials from explicit options, else from the environment variables named; undefined if neither. */
export function credentialsFrom(
  apiKey: string | undefined,
  apiSecret: string | undefined,
  env: { key: string; secret: string },
  source: NodeJS.ProcessEnv = process.env,
): ApiCredentials | undefined {
  const key = apiKey ?? source[env.key];
  const secret = apiSecret ?? source[env.secret];
  if (!key && !secret) return undefined;
  if (!key || !secret) throw new KrakenAuthError([`krakenkit: set both ${env.key} and ${env.secret} (or neither)`]);
  return new ApiCredentials(key, secret);
}
