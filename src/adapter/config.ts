/**
 * The Kraken adapter's names and client configuration: what a user writes under
 * `dataClients.KRAKEN` / `execClients.KRAKEN` (camelCase, every option optional) and the typed,
 * defaulted form the clients run on (config-parse.ts turns one into the other).
 */
import { KrakenEnvironment, KrakenProductType, KrakenSpotAccountType } from './constants.js';
import type { KrakenCredentialSet } from './credentials.js';
import type { KrakenRateLimitTier } from '../kraken/ratelimit/tiers.js';
import type { NonceShare } from '../transport/nonce-store.js';

/** Options both clients share, as a user writes them. */
export interface KrakenClientConfigCommon {
  /** From the environment when omitted (see credentials.ts for the variables). */
  readonly apiKey?: string | null;
  readonly apiSecret?: string | null;
  /** LIVE (default) or DEMO; DEMO exists for Futures only. */
  readonly environment?: KrakenEnvironment;
  /** Default `[SPOT]`. */
  readonly productTypes?: readonly KrakenProductType[];
  readonly baseUrlHttpSpot?: string | null;
  readonly baseUrlHttpFutures?: string | null;
  readonly baseUrlWsSpot?: string | null;
  readonly baseUrlWsFutures?: string | null;
  /** For HTTP and WS. */
  readonly proxyUrl?: string | null;
  readonly maxRetries?: number | null;
  readonly retryDelayInitialMs?: number | null;
  readonly retryDelayMaxMs?: number | null;
  readonly httpTimeoutSecs?: number | null;
  /** Default 30. */
  readonly wsHeartbeatSecs?: number;
  /** Overrides the default of 5 requests per second per REST API. */
  readonly maxRequestsPerSecond?: number | null;
  /**
   * Which Kraken API serves Futures: `legacy` (default: the Derivatives REST and WS, decommissioned
   * on 1 March 2027) or `unified` (the Unified WebSocket; see the README for what stays on REST).
   */
  readonly futuresApi?: KrakenFuturesApi;
  /** Base of the Unified WebSocket (`wss://uws.kraken.com`); `/v2/public` and `/v2/private` are appended. */
  readonly baseUrlWsUnified?: string | null;
  /** The Spot key's Kraken tier, which sets the REST and trading counters the client keeps to. Default `starter` (the strictest). */
  readonly rateLimitTier?: KrakenRateLimitTier;
  /** The longest a request waits for the rate limiter before failing with `KrakenRateLimitWaitError`. Default 60. */
  readonly rateLimitMaxWaitSecs?: number | null;
  /** Cost of Spot ledger and trade-history calls on the REST counter. Default 2. */
  readonly historyCallCost?: number | null;
  /**
   * Where each key's last nonce and its single-signer lock live. Default: the user's state directory
   * against Kraken's own hosts, in memory against any other host; `false`: in memory only.
   */
  readonly nonceStateDir?: string | false | null;
  /** Share a key with other processes through distinct nonce windows (`{ slot, slots }`). Default null. */
  readonly nonceShare?: NonceShare | null;
  /** Consecutive nonce rejections before the key's private calls stop. Default 3. */
  readonly nonceBreakerThreshold?: number | null;
}

/** The Futures API a client uses (see `futuresApi`). */
export type KrakenFuturesApi = 'unified' | 'legacy';

export interface KrakenDataClientConfig extends KrakenClientConfigCommon {
  /** Default 60; null disables the periodic instrument reload. */
  readonly updateInstrumentsIntervalMins?: number | null;
}

export interface KrakenExecClientConfig extends KrakenClientConfigCommon {
  /** Wallet balances reported as positions (Spot cash mode only). Default false. */
  readonly useSpotPositionReports?: boolean;
  /** Default "USDT". */
  readonly spotPositionsQuoteCurrency?: string;
  /** Default CASH. */
  readonly spotAccountType?: KrakenSpotAccountType;
  readonly defaultLeverage?: number | null;
  /** TradeBalance denomination; null means ZUSD. */
  readonly marginBalanceAsset?: string | null;
  /** Order entry over the authenticated WS (default true); REST otherwise. */
  readonly useWsTrade?: boolean;
  /**
   * Validate-only trading (default false): every Spot order goes to Kraken over REST with its
   * `validate` flag, so Kraken checks it and places nothing; the order then ends as
   * `OrderRejected` with the outcome as its reason. Kraken Futures has no such flag: its orders
   * are denied before anything is sent.
   */
  readonly validateOrders?: boolean;
  /** Default 5. */
  readonly wsRequestTimeoutSecs?: number;
  /**
   * Dead man's switch (Spot and Futures, each product its own): Kraken cancels every open order of
   * the product this many seconds after the last re-arm. Armed at start, re-armed at a third of the window and after every reconnect,
   * disarmed on a clean stop. Default null (off).
   */
  readonly cancelAllAfterSecs?: number | null;
  /** Futures leverage per symbol (`{ PF_XBTUSD: 5 }`), set as Kraken leverage preferences at start. Default null. */
  readonly futuresLeverage?: Readonly<Record<string, number>> | null;
}

/** The shared options with every default applied; credentials resolved, never as plain text. */
export interface ResolvedKrakenClientConfig {
  readonly environment: KrakenEnvironment;
  readonly productTypes: readonly KrakenProductType[];
  /** Credentials per product, from the config or the environment; masked in logs and JSON. */
  readonly credentials: KrakenCredentialSet;
  readonly baseUrlHttpSpot: string | null;
  readonly baseUrlHttpFutures: string | null;
  readonly baseUrlWsSpot: string | null;
  readonly baseUrlWsFutures: string | null;
  readonly proxyUrl: string | null;
  readonly maxRetries: number | null;
  readonly retryDelayInitialMs: number | null;
  readonly retryDelayMaxMs: number | null;
  readonly httpTimeoutSecs: number | null;
  readonly wsHeartbeatSecs: number;
  readonly maxRequestsPerSecond: number | null;
  readonly futuresApi: KrakenFuturesApi;
  readonly baseUrlWsUnified: string | null;
  /** null: the raw client's default for each of these. */
  readonly rateLimitTier: KrakenRateLimitTier | null;
  readonly rateLimitMaxWaitSecs: number | null;
  readonly historyCallCost: number | null;
  readonly nonceStateDir: string | false | null;
  readonly nonceShare: NonceShare | null;
  readonly nonceBreakerThreshold: number | null;
}

export interface ResolvedKrakenDataClientConfig extends ResolvedKrakenClientConfig {
  readonly updateInstrumentsIntervalMins: number | null;
}

export interface ResolvedKrakenExecClientConfig extends ResolvedKrakenClientConfig {
  readonly useSpotPositionReports: boolean;
  readonly spotPositionsQuoteCurrency: string;
  readonly spotAccountType: KrakenSpotAccountType;
  readonly defaultLeverage: number | null;
  readonly marginBalanceAsset: string | null;
  readonly useWsTrade: boolean;
  readonly validateOrders: boolean;
  readonly wsRequestTimeoutSecs: number;
  readonly cancelAllAfterSecs: number | null;
  readonly futuresLeverage: Readonly<Record<string, number>> | null;
}

/** The documented defaults of every option, in one place. */
export const KRAKEN_CLIENT_DEFAULTS = Object.freeze({
  environment: KrakenEnvironment.LIVE,
  productTypes: Object.freeze([KrakenProductType.SPOT]),
  wsHeartbeatSecs: 30,
  futuresApi: 'legacy',
  updateInstrumentsIntervalMins: 60,
  useSpotPositionReports: false,
  spotPositionsQuoteCurrency: 'USDT',
  spotAccountType: KrakenSpotAccountType.CASH,
  useWsTrade: true,
  validateOrders: false,
  wsRequestTimeoutSecs: 5,
});
