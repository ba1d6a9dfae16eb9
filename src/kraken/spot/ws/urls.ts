/** Spot WS v2 endpoints. Every one is overridable through the client's `url` option. */
export const SPOT_WS_URLS = Object.freeze({
  public: 'wss://ws.kraken.com/v2',
  private: 'wss://ws-auth.kraken.com/v2',
  level3: 'wss://ws-l3.kraken.com/v2',
});

export type SpotWsEndpoint = keyof typeof SPOT_WS_URLS;
