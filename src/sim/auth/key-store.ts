/**
 * The simulator's registry of API keys, with Kraken's per-key nonce rule.
 */
import type { FuturesCredential, SimCredential, SpotCredential } from './credentials.js';

export type NonceVerdict = 'ok' | 'below' | 'duplicate';

export class KeyStore {
  private readonly keys = new Map<string, SimCredential>();
  private readonly lastNonce = new Map<string, bigint>();

  add(credential: SimCredential): void {
    this.keys.set(credential.apiKey, credential);
  }

  spot(apiKey: string | undefined): SpotCredential | undefined {
    const c = apiKey === undefined ? undefined : this.keys.get(apiKey);
    return c?.venue === 'spot' ? c : undefined;
  }

  futures(apiKey: string | undefined): FuturesCredential | undefined {
    const c = apiKey === undefined ? undefined : this.keys.get(apiKey);
    return c?.venue === 'futures' ? c : undefined;
  }

  all(): SimCredential[] {
    return [...this.keys.values()];
  }

  /**
   * Records `nonce` for `apiKey` if it is strictly greater than the last one accepted
   * (Kraken's nonce rules for both venues). The nonce window is 0: an identical replayed request
   * is refused, so a client that re-sends a signed request unchanged finds out here.
   */
  useNonce(apiKey: string, nonce: bigint): NonceVerdict {
    const last = this.lastNonce.get(apiKey);
    if (last !== undefined && nonce <= last) return nonce === last ? 'duplicate' : 'below';
    this.lastNonce.set(apiKey, nonce);
    return 'ok';
  }
}

/** Parses a nonce as an unsigned 64-bit integer; undefined when it is not one. */
export function parseNonce(value: unknown): bigint | undefined {
  const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : '') : typeof value === 'string' ? value : '';
  if (!/^\d{1,20}$/.test(text)) return undefined;
  const n = BigInt(text);
  return n <= 0xffffffffffffffffn ? n : undefined;
}
