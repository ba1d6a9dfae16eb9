/** Unified WebSocket endpoints (derivatives live; spot planned). Every one is overridable through the client's `url` option. */
export const UNIFIED_WS_URLS = Object.freeze({
  public: 'wss://uws.kraken.com/v2/public',
  private: 'wss://uws.kraken.com/v2/private',
});

export type UnifiedWsEndpoint = keyof typeof UNIFIED_WS_URLS;

/**
 * The day Kraken decommissions the Derivatives REST API (`/derivatives/api/v3`) and the
 * Derivatives WebSocket (`wss://futures.kraken.com/ws/v1`), whose replacement is this API.
 */
export const LEGACY_FUTURES_API_END_DATE = '2027-03-01';
