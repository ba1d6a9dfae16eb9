/**
 * Kraken's account tiers and the numbers each one gets, from Kraken's rate-limit documentation
 * (Spot REST call counter; Spot trading-engine counter per pair). The tests pin every number
 * against the documented tables.
 */
export type KrakenRateLimitTier = 'starter' | 'intermediate' | 'pro';

export const KRAKEN_RATE_LIMIT_TIERS: readonly KrakenRateLimitTier[] = ['starter', 'intermediate', 'pro'];

export interface CounterLimits {
  /** The highest level a call may take the counter to. */
  readonly max: number;
  /** How much the counter loses per second. */
  readonly decayPerSecond: number;
}

/** Spot REST: one counter per API key. */
export const SPOT_REST_LIMITS: Readonly<Record<KrakenRateLimitTier, CounterLimits>> = {
  starter: { max: 15, decayPerSecond: 0.33 },
  intermediate: { max: 20, decayPerSecond: 0.5 },
  pro: { max: 20, decayPerSecond: 1 },
};

/** Spot trading engine: one counter per pair (per client), shared by REST, WS and FIX order entry. */
export const SPOT_TRADING_LIMITS: Readonly<Record<KrakenRateLimitTier, CounterLimits>> = {
  starter: { max: 60, decayPerSecond: 1 },
  intermediate: { max: 125, decayPerSecond: 2.34 },
  pro: { max: 180, decayPerSecond: 3.75 },
};

/** Futures `/derivatives/api/v3`: 500 cost units per 10 seconds, as a counter draining 50 a second. */
export const FUTURES_DERIVATIVES_LIMITS: CounterLimits = { max: 500, decayPerSecond: 50 };

/** Futures history API: a pool of 100 tokens refilled at 100 per 10 minutes, continuously. */
export const FUTURES_HISTORY_LIMITS: CounterLimits = { max: 100, decayPerSecond: 100 / 600 };

export function isRateLimitTier(value: unknown): value is KrakenRateLimitTier {
  return typeof value === 'string' && (KRAKEN_RATE_LIMIT_TIERS as readonly string[]).includes(value);
}
