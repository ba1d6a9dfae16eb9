/**
 * Kraken's verification tiers and the rate-limit numbers its docs give each one.
 */
export type KrakenTier = 'starter' | 'intermediate' | 'pro';

export interface SpotRestTierLimits {
  readonly maxCounter: number;
  readonly decayPerSecond: number;
}

/** Spot REST call counter per API key. */
export const SPOT_REST_TIERS: Readonly<Record<KrakenTier, SpotRestTierLimits>> = {
  starter: { maxCounter: 15, decayPerSecond: 0.33 },
  intermediate: { maxCounter: 20, decayPerSecond: 0.5 },
  pro: { maxCounter: 20, decayPerSecond: 1 },
};

export interface SpotTradingTierLimits {
  readonly threshold: number;
  readonly decayPerSecond: number;
  readonly maxOpenOrdersPerPair: number;
}

/** Spot trading-engine counter per pair, shared by REST/WS/FIX, and the open-orders cap per pair. */
export const SPOT_TRADING_TIERS: Readonly<Record<KrakenTier, SpotTradingTierLimits>> = {
  starter: { threshold: 60, decayPerSecond: 1, maxOpenOrdersPerPair: 60 },
  intermediate: { threshold: 125, decayPerSecond: 2.34, maxOpenOrdersPerPair: 80 },
  pro: { threshold: 180, decayPerSecond: 3.75, maxOpenOrdersPerPair: 225 },
};
