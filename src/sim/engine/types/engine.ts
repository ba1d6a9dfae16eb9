/**
 * The venue engine's contract: what the protocol layer (`src/sim/server`) calls and listens to.
 * Conventions (README.md in the engine folder has the full list):
 * - Time: integer epoch milliseconds from the injected clock. Nothing runs on real timers:
 *   `tick()` (and every API call) processes everything due up to `clock.nowMs()`.
 * - Money: every price, quantity, fee and balance crossing the contract is exact decimal text
 *   (`Dec`), formatted at the instrument's precision so it can go on the wire (and into book
 *   checksums) as-is.
 * - Errors: Spot requests throw `SimVenueError` with Kraken's exact error string in `code`;
 *   Futures order outcomes are Kraken's `status` strings in a successful result, and only
 *   envelope-level errors (`invalidArgument`, ...) throw.
 * - Determinism: the same seed, clock sequence and call sequence give identical ids and events.
 */
import type { Clock } from '../../../core/clock.js';
import type { Dec, Side } from './common.js';
import type { SimEventListener } from './events.js';
import type { SimFuturesVenue } from './futures-venue.js';
import type { FuturesProductSpec, SpotAssetSpec, SpotPairSpec } from './instruments.js';
import type { SimSpotVenue } from './spot-venue.js';

export interface MarketGeneratorOptions {
  /** Simulated ms between generator steps (default 1000). */
  stepMs?: number;
  /** Price levels each side kept by the synthetic participants (default 10). */
  levels?: number;
  /** Probability per step of a synthetic aggressive trade (default 0.3). */
  tradeProbability?: number;
  /** Per-step relative volatility of the mid price (default 0.0002). */
  volatility?: number;
}

export interface SimEngineOptions {
  /** Where simulated time comes from; the engine only reads `nowMs()` and never arms a timer. */
  clock: Pick<Clock, 'nowMs'>;
  seed: number;
  spotAssets?: SpotAssetSpec[];
  spotPairs?: SpotPairSpec[];
  futuresProducts?: FuturesProductSpec[];
  /** `false` disables the random market (books start empty; use replay or accounts to trade). */
  market?: MarketGeneratorOptions | false;
}

/** A recorded market message to replay into a spot book (prices/qtys as exact decimal text). */
export type ReplayMessage =
  | { kind: 'book_snapshot'; pair: string; bids: { price: Dec; qty: Dec }[]; asks: { price: Dec; qty: Dec }[] }
  | { kind: 'book_update'; pair: string; bids?: { price: Dec; qty: Dec }[]; asks?: { price: Dec; qty: Dec }[] }
  | { kind: 'trade'; pair: string; side: Side; price: Dec; qty: Dec };

export interface SimEngineApi {
  readonly clock: Pick<Clock, 'nowMs'>;
  readonly spot: SimSpotVenue;
  readonly futures: SimFuturesVenue;
  /** Subscribe to every event; returns an unsubscribe function. */
  on(listener: SimEventListener): () => void;
  /** Process everything due up to `clock.nowMs()`: generator steps, GTD expiry, dead man's switches, triggers, funding. */
  tick(): void;
  createSpotAccount(accountId: string, init?: { balances?: Record<string, Dec> }): void;
  createFuturesAccount(accountId: string, init?: { balances?: Record<string, Dec> }): void;
  hasSpotAccount(accountId: string): boolean;
  hasFuturesAccount(accountId: string): boolean;
  /** Credit (or debit, negative) a spot balance; recorded as a `deposit`/`adjustment` ledger entry. */
  depositSpot(accountId: string, asset: string, amount: Dec): void;
  depositFutures(accountId: string, currency: string, amount: Dec): void;
  /** Feed recorded market data into a spot book (replay mode). */
  replay(message: ReplayMessage): void;
  /** Set the spot index price used by `trigger=index` orders (the generator also moves it). */
  setSpotIndexPrice(pair: string, price: Dec): void;
  /** Set futures mark/index price (tests, replay). */
  setFuturesPrices(symbol: string, prices: { mark?: Dec; index?: Dec }): void;
}
