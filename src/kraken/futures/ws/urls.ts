/** Futures WS v1 endpoints. Overridable through the client's `url` option. */
export const FUTURES_WS_URLS = Object.freeze({
  live: 'wss://futures.kraken.com/ws/v1',
  demo: 'wss://demo-futures.kraken.com/ws/v1',
});

export type FuturesWsEnvironment = keyof typeof FUTURES_WS_URLS;
