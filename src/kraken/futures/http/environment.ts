/**
 * Kraken Futures environments. DEMO is Kraken's sandbox: same API, other host,
 * its own keys. The history and charts services on the DEMO host are assumed by analogy
 * (Kraken's docs do not confirm them), so every base URL can be overridden.
 */
import { KRAKEN_URLS } from '../../common/urls.js';

export type KrakenFuturesEnvironment = 'LIVE' | 'DEMO';

export interface KrakenFuturesEnvironmentConfig {
  /** Host of the trading API (`/derivatives/api/v3/...`). */
  readonly baseUrl: string;
  /** Host of the history API (`/api/history/v3/...`). */
  readonly historyBaseUrl: string;
  /** Host of the charts API (`/api/charts/v1/...`). */
  readonly chartsBaseUrl: string;
  /** Environment variables the credentials are read from when not given. */
  readonly credentialEnv: { readonly key: string; readonly secret: string };
}

export const KRAKEN_FUTURES_ENVIRONMENTS: Readonly<Record<KrakenFuturesEnvironment, KrakenFuturesEnvironmentConfig>> = Object.freeze({
  LIVE: {
    baseUrl: KRAKEN_URLS.futuresRest,
    historyBaseUrl: KRAKEN_URLS.futuresRest,
    chartsBaseUrl: KRAKEN_URLS.futuresRest,
    credentialEnv: { key: 'KRAKEN_FUTURES_API_KEY', secret: 'KRAKEN_FUTURES_API_SECRET' },
  },
  DEMO: {
    baseUrl: KRAKEN_URLS.futuresRestDemo,
    historyBaseUrl: KRAKEN_URLS.futuresRestDemo,
    chartsBaseUrl: KRAKEN_URLS.futuresRestDemo,
    credentialEnv: { key: 'KRAKEN_FUTURES_DEMO_API_KEY', secret: 'KRAKEN_FUTURES_DEMO_API_SECRET' },
  },
});

/**
 * The history API version the schema is pinned to. Kraken's intro page still names
 * `/api/history/v2`, contradicting its own endpoint pages; override `historyPathPrefix` if Kraken moves.
 */
export const FUTURES_HISTORY_PATH_PREFIX = '/api/history/v3';
