/**
 * Simulator API keys: deterministic from the seed, valid base64 secrets, and never printable.
 *
 * Kraken Spot keys are 56 base64 characters with 88-character (64-byte) secrets; Futures keys
 * have the same shape. Secrets are derived with HMAC-SHA512 from the seed and a label, so a
 * given seed always yields the same demo credentials.
 */
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import type { KrakenTier } from '../limits/tiers.js';

export type SpotPermission = 'query' | 'trade' | 'websocket';
export type FuturesAccess = 'read-only' | 'full';

interface SimCredentialBase {
  readonly apiKey: string;
  readonly apiSecret: string;
  /** The simulated account this key acts for. */
  readonly accountId: string;
}

export interface SpotCredential extends SimCredentialBase {
  readonly venue: 'spot';
  readonly permissions: ReadonlySet<SpotPermission>;
  readonly tier: KrakenTier;
}

export interface FuturesCredential extends SimCredentialBase {
  readonly venue: 'futures';
  readonly access: FuturesAccess;
}

export type SimCredential = SpotCredential | FuturesCredential;

/** Derives an (apiKey, apiSecret) pair from the seed and a label. */
export function deriveKeyPair(seed: number | string, label: string): { apiKey: string; apiSecret: string } {
  const keyBytes = createHmac('sha512', `krakenkit-sim:${seed}`).update(`key:${label}`).digest().subarray(0, 42);
  const secretBytes = createHmac('sha512', `krakenkit-sim:${seed}`).update(`secret:${label}`).digest();
  return { apiKey: keyBytes.toString('base64'), apiSecret: secretBytes.toString('base64') };
}

const REDACTED = '[redacted]';

/** Wraps a credential so `util.inspect`, `JSON.stringify` and template strings never show the secret. */
export function redactable<T extends SimCredentialBase>(credential: T): T {
  const shown = { ...credential, apiSecret: REDACTED };
  Object.defineProperty(credential, inspect.custom, { value: () => shown, enumerable: false });
  Object.defineProperty(credential, 'toJSON', { value: () => ({ ...shown, permissions: undefined }), enumerable: false });
  return credential;
}

/** The pair handed to users and tests: readable key, secret hidden from inspect/JSON. */
export interface DemoCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
}

export function demoCredentials(apiKey: string, apiSecret: string): DemoCredentials {
  const shown = { apiKey, apiSecret: REDACTED };
  const pair = { apiKey, apiSecret };
  Object.defineProperty(pair, inspect.custom, { value: () => shown, enumerable: false });
  Object.defineProperty(pair, 'toJSON', { value: () => shown, enumerable: false });
  return pair;
}
