/**
 * Raw REST: Kraken's Spot REST API through the typed raw client, exact decimals as strings. Runs
 * against the embedded simulator, or against real Kraken with `--live` (the private call then
 * needs KRAKEN_SPOT_API_KEY and KRAKEN_SPOT_API_SECRET; without them it is skipped).
 *
 *   npx tsx examples/raw-rest.ts [--live]
 */
import { fileURLToPath } from 'node:url';
import { KrakenSpotRawHttpClient } from '../src/index.js';
import { startKrakenSim } from '../src/sim/index.js';

export interface RawRestReport {
  readonly status: string;
  readonly serverTime: number;
  readonly lastTrade: string;
  readonly bestBid: string;
  readonly bestAsk: string;
  /** Balances by Kraken asset code, exact; null without credentials. */
  readonly balances: Readonly<Record<string, string>> | null;
}

export async function rawRestExample(
  options: { baseUrl?: string; apiKey?: string; apiSecret?: string; pair?: string } = {},
): Promise<RawRestReport> {
  const pair = options.pair ?? 'XBTUSD';
  const client = new KrakenSpotRawHttpClient({
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(options.apiKey && options.apiSecret ? { apiKey: options.apiKey, apiSecret: options.apiSecret } : {}),
  });
  try {
    const status = await client.systemStatus();
    const time = await client.time();
    const ticker = await client.ticker({ pair });
    // Kraken answers under its own key for the pair (XXBTZUSD for XBTUSD): take the only entry.
    const t = Object.values(ticker)[0];
    if (t === undefined) throw new Error(`no ticker for ${pair}`);
    const balances = options.apiKey && options.apiSecret ? await client.balance() : null;
    return {
      status: status.status,
      serverTime: time.unixtime,
      lastTrade: String(t.c?.[0]),
      bestBid: String(t.b?.[0]),
      bestAsk: String(t.a?.[0]),
      balances: balances,
    };
  } finally {
    await client.close();
  }
}

async function run(): Promise<void> {
  const live = process.argv.includes('--live');
  const sim = live ? null : await startKrakenSim();
  try {
    const report = await rawRestExample(
      sim === null
        ? { apiKey: process.env['KRAKEN_SPOT_API_KEY'] ?? '', apiSecret: process.env['KRAKEN_SPOT_API_SECRET'] ?? '' }
        : { baseUrl: sim.urls.spotRest, apiKey: sim.credentials.spot.apiKey, apiSecret: sim.credentials.spot.apiSecret },
    );
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await sim?.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) void run();
