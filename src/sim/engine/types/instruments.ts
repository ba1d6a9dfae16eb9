/** Instrument specifications: Spot assets and pairs, Futures products. */
import type { Dec } from './common.js';

export interface SpotAssetSpec {
  /** Kraken asset id, e.g. `XXBT`, `ZUSD`, `USDT`. */
  id: string;
  /** Alternate name, e.g. `XBT`, `USD`. */
  altname: string;
  /** WS v2 name, e.g. `BTC`, `USD`. */
  wsName: string;
  decimals: number;
  displayDecimals: number;
}

/** A fee tier: at 30-day volume >= `volume` (quote units), pay `percent` %. */
export interface FeeTier {
  volume: Dec;
  percent: Dec;
}

export interface SpotPairSpec {
  /** Kraken pair id, e.g. `XXBTZUSD`. */
  id: string;
  /** e.g. `XBTUSD`. */
  altname: string;
  /** WS v1 name, e.g. `XBT/USD`. */
  wsname: string;
  /** WS v2 symbol, e.g. `BTC/USD`. */
  symbol: string;
  base: string; // asset id (XXBT)
  quote: string; // asset id (ZUSD)
  pairDecimals: number;
  lotDecimals: number;
  costDecimals: number;
  tickSize: Dec;
  ordermin: Dec;
  costmin: Dec;
  leverageBuy: number[];
  leverageSell: number[];
  feesTaker: FeeTier[];
  feesMaker: FeeTier[];
  marginCall: number;
  marginStop: number;
  longPositionLimit: number;
  shortPositionLimit: number;
  status: 'online' | 'cancel_only' | 'post_only' | 'limit_only' | 'reduce_only';
  /** Starting mid price for the market generator. */
  initialPrice: Dec;
  /** Whether an index price exists (triggers with `trigger=index`). */
  hasIndex: boolean;
}

export type FuturesProductType = 'futures_inverse' | 'futures_vanilla' | 'flexible_futures';

export interface FuturesMarginLevel {
  contracts: number;
  initialMargin: Dec;
  maintenanceMargin: Dec;
}

export interface FuturesProductSpec {
  /** `PI_XBTUSD`, `PF_XBTUSD`, `FI_XBTUSD_261225`. */
  symbol: string;
  type: FuturesProductType;
  tag: 'perpetual' | 'month' | 'quarter' | 'semiannual';
  /** e.g. `XBT:USD`. */
  pair: string;
  base: string;
  quote: string;
  /** Index symbol, e.g. `in_xbtusd` / `rr_xbtusd`. */
  underlying: string;
  tickSize: Dec;
  /** Inverse: USD per contract (1). Linear (PF): base per contract unit (1). */
  contractSize: Dec;
  /** Decimal places of order size (0 for inverse contracts, 4 for PF_XBTUSD). */
  contractValueTradePrecision: number;
  /** Margin currency: `XBT` for inverse, `USD` for linear. */
  settlementCurrency: string;
  marginLevels: FuturesMarginLevel[];
  /** Taker / maker fee fractions (e.g. `0.0005`). */
  takerFee: Dec;
  makerFee: Dec;
  fundingRateCoefficient: number;
  maxRelativeFundingRate: Dec;
  /** Epoch ms; absent for perpetuals. */
  lastTradingTimeMs?: number;
  openingDateMs: number;
  initialPrice: Dec;
  maxPositionSize: Dec;
  postOnly: boolean;
}
