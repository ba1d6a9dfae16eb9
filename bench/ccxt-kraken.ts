/**
 * ccxt.pro's Kraken exchange (devDependency, MIT, used as published) set up for the bench: markets
 * for the corpus symbols are set in place (no REST call), and URLs can point at a local server.
 */
import ccxt from 'ccxt';
import type { CorpusSymbol } from './corpus.js';

/** The ccxt.pro Kraken exchange object; ccxt's own types are not needed here. */
export interface CcxtKraken {
  urls: { api: { ws: Record<string, string> } };
  options: Record<string, unknown>;
  client(url: string): { onMessage(event: { data: string }): void };
  setMarkets(markets: unknown[]): unknown;
  watchOrderBook(symbol: string, limit?: number): Promise<{ bids: number[][]; asks: number[][] }>;
  sign(path: string, api: string, method: string, params: Record<string, unknown>): { headers: Record<string, string> };
  close(): Promise<void>;
  loadHttpProxyAgent(): Promise<unknown>;
  orderbooks: Record<string, unknown>;
}

const DECIMALS = (p: number): string => (p === 0 ? '1' : `0.${'0'.repeat(p - 1)}1`);

/** A ccxt.pro Kraken instance knowing the corpus pairs (BTC/USD, ETH/USD, …) without loading markets. */
export function ccxtKraken(
  symbols: readonly { symbol: string; pricePrecision: number; qtyPrecision: number }[],
  config: Record<string, unknown> = {},
): CcxtKraken {
  const pro = (ccxt as unknown as { pro: Record<string, new (c: object) => CcxtKraken> }).pro;
  const ex = new pro['kraken']!({ enableRateLimit: false, ...config });
  ex.setMarkets(
    symbols.map((s) => {
      const [base, quote] = s.symbol.split('/') as [string, string];
      return {
        id: `${base}${quote}`,
        symbol: s.symbol,
        base,
        quote,
        baseId: base,
        quoteId: quote,
        type: 'spot',
        spot: true,
        active: true,
        precision: { price: Number(DECIMALS(s.pricePrecision)), amount: Number(DECIMALS(s.qtyPrecision)) },
        limits: {},
        info: { wsname: s.symbol, altname: `${base}${quote}` },
      };
    }),
  );
  return ex;
}

export type { CorpusSymbol };
