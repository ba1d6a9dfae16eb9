/**
 * Stops a key's private calls after N consecutive nonce rejections (default 3). Each private call
 * is already re-signed once after a rejection; rejections that keep coming mean another process
 * is signing with the key or the nonce went backwards, and hammering on only ends in Kraken
 * locking the key or the IP out. The breaker says so once (a process warning, code
 * `KRAKENKIT_NONCE_BREAKER`) and every later private call on the key fails with
 * `KrakenNonceBreakerError` without being sent, until the key's channel is released.
 */
import { KrakenApiError, KrakenNonceBreakerError, KrakenNonceError, KrakenOrderRejectedError } from '../core/errors.js';

export const DEFAULT_NONCE_BREAKER_THRESHOLD = 3;

export class NonceBreaker {
  readonly threshold: number;
  readonly #label: string;
  #consecutive = 0;
  #open = false;

  constructor(label: string, threshold: number = DEFAULT_NONCE_BREAKER_THRESHOLD) {
    if (!(Number.isSafeInteger(threshold) && threshold >= 1))
      throw new RangeError(`nonce breaker threshold must be a positive integer, got ${threshold}`);
    this.#label = label;
    this.threshold = threshold;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  get consecutiveRejections(): number {
    return this.#consecutive;
  }

  assertClosed(): void {
    if (this.#open) throw this.#error();
  }

  /**
   * Counts a call's outcome: `undefined` for success. A nonce rejection counts; an answer that
   * shows the venue accepted the nonce (a result, an order reject, a plain API error) resets;
   * anything else (a timeout, an auth error) says nothing about the nonce.
   */
  observe(outcome: unknown): void {
    if (
      outcome === undefined ||
      outcome instanceof KrakenOrderRejectedError ||
      (outcome instanceof KrakenApiError && outcome.constructor === KrakenApiError)
    ) {
      this.#consecutive = 0;
      return;
    }
    if (!(outcome instanceof KrakenNonceError)) return;
    this.#consecutive++;
    if (this.#consecutive >= this.threshold && !this.#open) {
      this.#open = true;
      process.emitWarning(this.#error().message, { type: 'KrakenNonceBreaker', code: 'KRAKENKIT_NONCE_BREAKER' });
    }
  }

  #error(): KrakenNonceBreakerError {
    return new KrakenNonceBreakerError(
      `private calls on the ${this.#label} are halted after ${this.#consecutive} consecutive nonce rejections: another process is signing with this key, or its nonce went backwards. ` +
        'Stop the other signer (or give each its own nonce window), then restart.',
      this.#consecutive,
    );
  }
}
