/**
 * Futures WS challenge auth: the server hands out a UUID challenge per
 * API key; private subscriptions must echo it with base64(HMAC-SHA512(secret, SHA256(challenge))).
 */
import { expectedSignedChallenge } from './signatures.js';
import type { Mulberry32Random } from '../random/mulberry32.js';
import type { FuturesCredential } from './credentials.js';
import type { KeyStore } from './key-store.js';
import { sameText } from './spot-auth.js';

export class FuturesChallenges {
  private readonly issued = new Map<string, string>();

  constructor(
    private readonly keys: KeyStore,
    private readonly random: Mulberry32Random,
  ) {}

  /** Issues a challenge for a known key; undefined for an unknown key. */
  issue(apiKey: unknown): string | undefined {
    if (typeof apiKey !== 'string' || this.keys.futures(apiKey) === undefined) return undefined;
    const challenge = this.random.uuid();
    this.issued.set(challenge, apiKey);
    return challenge;
  }

  /** Verifies the three auth fields of a private subscribe. */
  verify(apiKey: unknown, originalChallenge: unknown, signedChallenge: unknown): FuturesCredential | undefined {
    if (typeof apiKey !== 'string' || typeof originalChallenge !== 'string' || typeof signedChallenge !== 'string') return undefined;
    const credential = this.keys.futures(apiKey);
    if (credential === undefined || this.issued.get(originalChallenge) !== apiKey) return undefined;
    return sameText(expectedSignedChallenge(originalChallenge, credential.apiSecret), signedChallenge) ? credential : undefined;
  }
}
