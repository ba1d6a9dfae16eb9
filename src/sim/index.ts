/**
 * The Kraken simulator's public surface (see start.ts). Engine contract types live in ./engine/types/.
 */
export { startKrakenSim, DEFAULT_SPOT_BALANCES, DEFAULT_FUTURES_BALANCES } from './start.js';
export type { KrakenSim, KrakenSimOptions, KrakenSimUrls, SimAccountConfig, SimAccountCredentials } from './start.js';
export type { VenueStatus, SimInternalError } from './server/context.js';
export { FaultController, parseFaultSpec, validateFaultRule, FAULT_KINDS } from './faults/index.js';
export type { FaultRule, FaultKind, WsTarget, FaultHandle } from './faults/index.js';
export {
  DecayingCounter,
  SpotRestLimiter,
  SpotTradingLimiter,
  FuturesRateBudget,
  spotTransactionCost,
  derivativesCallCost,
  historyCallCost,
  SPOT_REST_TIERS,
  SPOT_TRADING_TIERS,
} from './limits/index.js';
export type { KrakenTier, SpotTransaction, DerivativesCall } from './limits/index.js';
export type { DemoCredentials } from './auth/credentials.js';
