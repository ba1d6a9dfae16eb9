import type { FuturesProductSpec, SpotAssetSpec, SpotPairSpec } from './types/instruments.js';

/** Default assets: ids/altnames as Kraken REST spells them, `wsName` as WS v2 does (BTC, not XBT). */
export const DEFAULT_SPOT_ASSETS: SpotAssetSpec[] = [
  { id: 'XXBT', altname: 'XBT', wsName: 'BTC', decimals: 10, displayDecimals: 5 },
  { id: 'XETH', altname: 'ETH', wsName: 'ETH', decimals: 10, displayDecimals: 5 },
  { id: 'SOL', altname: 'SOL', wsName: 'SOL', decimals: 10, displayDecimals: 5 },
  { id: 'ZUSD', altname: 'USD', wsName: 'USD', decimals: 4, displayDecimals: 2 },
  { id: 'USDT', altname: 'USDT', wsName: 'USDT', decimals: 8, displayDecimals: 4 },
];

// Kraken's published retail schedule (percent): taker 0.40 → maker 0.25 at the first tier.
const TAKER = [
  { volume: '0', percent: '0.40' },
  { volume: '10000', percent: '0.35' },
  { volume: '50000', percent: '0.24' },
  { volume: '100000', percent: '0.22' },
];
const MAKER = [
  { volume: '0', percent: '0.25' },
  { volume: '10000', percent: '0.20' },
  { volume: '50000', percent: '0.14' },
  { volume: '100000', percent: '0.12' },
];

function pair(p: Omit<SpotPairSpec, 'feesTaker' | 'feesMaker' | 'marginCall' | 'marginStop' | 'status' | 'hasIndex'> & Partial<SpotPairSpec>): SpotPairSpec {
  return { feesTaker: TAKER, feesMaker: MAKER, marginCall: 80, marginStop: 40, status: 'online', hasIndex: true, ...p };
}

export const DEFAULT_SPOT_PAIRS: SpotPairSpec[] = [
  pair({ id: 'XXBTZUSD', altname: 'XBTUSD', wsname: 'XBT/USD', symbol: 'BTC/USD', base: 'XXBT', quote: 'ZUSD', pairDecimals: 1, lotDecimals: 8, costDecimals: 5, tickSize: '0.1', ordermin: '0.00005', costmin: '0.5', leverageBuy: [2, 3, 4, 5], leverageSell: [2, 3, 4, 5], longPositionLimit: 250, shortPositionLimit: 200, initialPrice: '60000.0' }),
  pair({ id: 'XETHZUSD', altname: 'ETHUSD', wsname: 'ETH/USD', symbol: 'ETH/USD', base: 'XETH', quote: 'ZUSD', pairDecimals: 2, lotDecimals: 8, costDecimals: 5, tickSize: '0.01', ordermin: '0.002', costmin: '0.5', leverageBuy: [2, 3, 4, 5], leverageSell: [2, 3, 4, 5], longPositionLimit: 3000, shortPositionLimit: 2500, initialPrice: '3000.00' }),
  pair({ id: 'XETHXXBT', altname: 'ETHXBT', wsname: 'ETH/XBT', symbol: 'ETH/BTC', base: 'XETH', quote: 'XXBT', pairDecimals: 5, lotDecimals: 8, costDecimals: 10, tickSize: '0.00001', ordermin: '0.002', costmin: '0.00002', leverageBuy: [2, 3, 4, 5], leverageSell: [2, 3, 4, 5], longPositionLimit: 1000, shortPositionLimit: 1000, initialPrice: '0.05000' }),
  pair({ id: 'SOLUSD', altname: 'SOLUSD', wsname: 'SOL/USD', symbol: 'SOL/USD', base: 'SOL', quote: 'ZUSD', pairDecimals: 2, lotDecimals: 8, costDecimals: 5, tickSize: '0.01', ordermin: '0.02', costmin: '0.5', leverageBuy: [2, 3, 4], leverageSell: [2, 3, 4], longPositionLimit: 50000, shortPositionLimit: 40000, initialPrice: '150.00' }),
  pair({ id: 'XBTUSDT', altname: 'XBTUSDT', wsname: 'XBT/USDT', symbol: 'BTC/USDT', base: 'XXBT', quote: 'USDT', pairDecimals: 1, lotDecimals: 8, costDecimals: 5, tickSize: '0.1', ordermin: '0.00005', costmin: '0.5', leverageBuy: [2, 3], leverageSell: [2, 3], longPositionLimit: 50, shortPositionLimit: 50, initialPrice: '60010.0', hasIndex: false }),
];

const DAY = 86_400_000;

/** Default futures products. `lastTradingTimeMs` of the dated future is set relative to the engine start. */
export function defaultFuturesProducts(startMs: number): FuturesProductSpec[] {
  const base = {
    fundingRateCoefficient: 8,
    maxRelativeFundingRate: '0.001',
    openingDateMs: startMs - 365 * DAY,
    postOnly: false,
  };
  // The dated future expires on the last Friday-ish 90 days out; name encodes YYMMDD as Kraken does (FI_XBTUSD_180615).
  const expiry = new Date(Math.floor((startMs + 90 * DAY) / DAY) * DAY + 8 * 3_600_000);
  const yymmdd = `${String(expiry.getUTCFullYear() % 100).padStart(2, '0')}${String(expiry.getUTCMonth() + 1).padStart(2, '0')}${String(expiry.getUTCDate()).padStart(2, '0')}`;
  return [
    { ...base, symbol: 'PI_XBTUSD', type: 'futures_inverse', tag: 'perpetual', pair: 'XBT:USD', base: 'XBT', quote: 'USD', underlying: 'rr_xbtusd', tickSize: '0.5', contractSize: '1', contractValueTradePrecision: 0, settlementCurrency: 'XBT', marginLevels: [{ contracts: 0, initialMargin: '0.02', maintenanceMargin: '0.01' }, { contracts: 500000, initialMargin: '0.04', maintenanceMargin: '0.02' }], takerFee: '0.0005', makerFee: '0.0002', initialPrice: '60000.0', maxPositionSize: '1000000' },
    { ...base, symbol: 'PF_XBTUSD', type: 'flexible_futures', tag: 'perpetual', pair: 'XBT:USD', base: 'XBT', quote: 'USD', underlying: 'rr_xbtusd', tickSize: '1', contractSize: '1', contractValueTradePrecision: 4, settlementCurrency: 'USD', marginLevels: [{ contracts: 0, initialMargin: '0.02', maintenanceMargin: '0.01' }, { contracts: 50, initialMargin: '0.04', maintenanceMargin: '0.02' }], takerFee: '0.0005', makerFee: '0.0002', initialPrice: '60000', maxPositionSize: '1000' },
    { ...base, symbol: 'PF_ETHUSD', type: 'flexible_futures', tag: 'perpetual', pair: 'ETH:USD', base: 'ETH', quote: 'USD', underlying: 'rr_ethusd', tickSize: '0.1', contractSize: '1', contractValueTradePrecision: 3, settlementCurrency: 'USD', marginLevels: [{ contracts: 0, initialMargin: '0.02', maintenanceMargin: '0.01' }], takerFee: '0.0005', makerFee: '0.0002', initialPrice: '3000.0', maxPositionSize: '20000' },
    { ...base, symbol: `FI_XBTUSD_${yymmdd}`, type: 'futures_inverse', tag: 'quarter', pair: 'XBT:USD', base: 'XBT', quote: 'USD', underlying: 'rr_xbtusd', tickSize: '0.5', contractSize: '1', contractValueTradePrecision: 0, settlementCurrency: 'XBT', marginLevels: [{ contracts: 0, initialMargin: '0.02', maintenanceMargin: '0.01' }], takerFee: '0.0005', makerFee: '0.0002', initialPrice: '60500.0', maxPositionSize: '1000000', lastTradingTimeMs: expiry.getTime() },
  ];
}
