export { DecayingCounter } from './decaying-counter.js';
export type { DecayingCounterOptions } from './decaying-counter.js';
export { SPOT_REST_TIERS, SPOT_TRADING_TIERS } from './tiers.js';
export type { KrakenTier, SpotRestTierLimits, SpotTradingTierLimits } from './tiers.js';
export { SpotRestLimiter, SPOT_REST_RATE_LIMIT_ERROR, SPOT_ORDER_ENTRY_METHODS, SPOT_HISTORY_METHODS } from './spot-rest-limiter.js';
export { SpotTradingLimiter, spotTransactionCost, SPOT_ORDER_RATE_LIMIT_ERROR } from './spot-trading-limiter.js';
export type { SpotTransaction, TransactionCost } from './spot-trading-limiter.js';
export { FuturesRateBudget, derivativesCallCost, historyCallCost, FUTURES_RATE_LIMIT_ERROR } from './futures-budget.js';
export type { DerivativesCall } from './futures-budget.js';
