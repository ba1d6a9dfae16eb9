/** Kraken's production endpoints. Every one can be overridden (the simulator, a proxy, a mirror). */
export const KRAKEN_URLS = {
  spotRest: 'https://api.kraken.com',
  spotWsPublic: 'wss://ws.kraken.com/v2',
  spotWsAuth: 'wss://ws-auth.kraken.com/v2',
  futuresRest: 'https://futures.kraken.com',
  futuresRestDemo: 'https://demo-futures.kraken.com',
  futuresWs: 'wss://futures.kraken.com/ws/v1',
  futuresWsDemo: 'wss://demo-futures.kraken.com/ws/v1',
} as const;

/** Joins a base URL (`http://127.0.0.1:1234`, maybe with a path prefix) and an absolute path. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
