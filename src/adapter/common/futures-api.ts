/**
 * The Futures API choice (`futuresApi`): the legacy Derivatives API, which Kraken decommissions on
 * 1 March 2027, or the Unified WebSocket that replaces it.
 */
import { UNIFIED_WS_URLS, LEGACY_FUTURES_API_END_DATE } from '../../kraken/unified/urls.js';
import type { ResolvedKrakenClientConfig } from '../config.js';
import { KrakenProductType } from '../constants.js';

/** The WARN a client logs at start while Futures runs on the legacy API; null when it does not. */
export function legacyFuturesWarning(config: ResolvedKrakenClientConfig, client: 'data' | 'execution'): string | null {
  if (!config.productTypes.includes(KrakenProductType.FUTURES) || config.futuresApi !== 'legacy') return null;
  return (
    `Kraken ${client} client: Futures runs on the legacy Derivatives API (REST /derivatives/api/v3 and WebSocket /ws/v1), ` +
    `which Kraken decommissions on ${LEGACY_FUTURES_API_END_DATE} (1 March 2027). ` +
    `Set futuresApi: 'unified' to use the Unified WebSocket (see the README for what it covers).`
  );
}

/** The Unified WebSocket URL of an endpoint: `baseUrlWsUnified` + `/v2/public|private`, or Kraken's. */
export function unifiedWsUrl(config: ResolvedKrakenClientConfig, endpoint: 'public' | 'private'): string {
  if (config.baseUrlWsUnified === null) return UNIFIED_WS_URLS[endpoint];
  return `${config.baseUrlWsUnified.replace(/\/+$/, '')}/v2/${endpoint}`;
}
