/** Futures account and market views: positions, margin accounts, tickers, funding, candles. */
import type { Dec } from './common.js';

export interface FuturesPositionView {
  symbol: string;
  side: 'long' | 'short';
  /** Absolute size. */
  size: Dec;
  /** Signed size (WS `balance`). */
  signedSize: Dec;
  price: Dec;
  fillTimeMs: number;
  unrealizedFunding: Dec;
  pnl: Dec;
  pnlCurrency: string;
  markPrice: Dec;
  indexPrice: Dec;
  initialMargin: Dec;
  maintenanceMargin: Dec;
  liquidationThreshold: Dec;
  effectiveLeverage: Dec;
  returnOnEquity: Dec;
}

export interface FuturesFlexAccountView {
  type: 'multiCollateralMarginAccount';
  currencies: Record<string, { quantity: Dec; value: Dec; collateral: Dec; available: Dec }>;
  initialMargin: Dec;
  initialMarginWithOrders: Dec;
  maintenanceMargin: Dec;
  balanceValue: Dec;
  portfolioValue: Dec;
  collateralValue: Dec;
  pnl: Dec;
  unrealizedFunding: Dec;
  totalUnrealized: Dec;
  totalUnrealizedAsMargin: Dec;
  availableMargin: Dec;
  marginEquity: Dec;
}

export interface FuturesMarginAccountView {
  type: 'marginAccount';
  /** e.g. `xbt`. */
  currency: string;
  balances: Record<string, Dec>;
  auxiliary: { usd: Dec; pv: Dec; pnl: Dec; af: Dec; funding: Dec };
  marginRequirements: { im: Dec; mm: Dec; lt: Dec; tt: Dec };
  triggerEstimates: { im: Dec; mm: Dec; lt: Dec; tt: Dec };
}

export interface FuturesAccountsView {
  cash: { type: 'cashAccount'; balances: Record<string, Dec> };
  flex: FuturesFlexAccountView;
  /** Single-collateral inverse accounts keyed like Kraken (`fi_xbtusd`). */
  margin: Record<string, FuturesMarginAccountView>;
}

export interface FuturesTickerView {
  symbol: string;
  pair: string;
  tag: string;
  last: Dec | null;
  lastTimeMs: number | null;
  lastSize: Dec | null;
  markPrice: Dec;
  indexPrice: Dec;
  bid: Dec | null;
  bidSize: Dec | null;
  ask: Dec | null;
  askSize: Dec | null;
  vol24h: Dec;
  volumeQuote: Dec;
  openInterest: Dec;
  open24h: Dec | null;
  high24h: Dec | null;
  low24h: Dec | null;
  change24h: Dec;
  /** Perpetuals only (null otherwise): absolute and relative rates of the current period. */
  fundingRate: Dec | null;
  fundingRatePrediction: Dec | null;
  relativeFundingRate: Dec | null;
  relativeFundingRatePrediction: Dec | null;
  nextFundingRateTimeMs: number | null;
  /** Epoch ms; 0 for perpetuals. */
  maturityTimeMs: number;
  suspended: boolean;
  postOnly: boolean;
  timeMs: number;
}

export interface FundingRateView {
  timestampMs: number;
  fundingRate: Dec;
  relativeFundingRate: Dec;
}

export interface FuturesCandleView {
  timeMs: number;
  open: Dec;
  high: Dec;
  low: Dec;
  close: Dec;
  volume: Dec;
}
