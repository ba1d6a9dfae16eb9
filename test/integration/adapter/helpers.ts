/**
 * The adapter's HTTP clients and instrument provider against a simulator on a manual clock, built
 * the way the data client will build them: from a parsed config (no real environment read).
 */
import { parseKrakenDataClientConfig } from '../../../src/adapter/config-parse.js';
import { KrakenFuturesHttpClient } from '../../../src/adapter/http/futures-http-client.js';
import { KrakenSpotHttpClient } from '../../../src/adapter/http/spot-http-client.js';
import { KrakenInstrumentProvider } from '../../../src/adapter/instruments/provider.js';
import type { KrakenSim } from '../../../src/sim/index.js';

export interface AdapterRig {
  readonly spot: KrakenSpotHttpClient;
  readonly futures: KrakenFuturesHttpClient;
  readonly provider: KrakenInstrumentProvider;
  close(): Promise<void>;
}

export function adapterRig(sim: KrakenSim, options: { maxRequestsPerSecond?: number; tradesPageSize?: number } = {}): AdapterRig {
  const config = parseKrakenDataClientConfig(
    {
      productTypes: ['SPOT', 'FUTURES'],
      baseUrlHttpSpot: sim.urls.spotRest,
      baseUrlHttpFutures: sim.urls.futuresRest,
      maxRequestsPerSecond: options.maxRequestsPerSecond ?? 200,
      maxRetries: 0,
    },
    { env: {} },
  );
  // The clients' "now" (tsInit, the forming chart candle) is the simulator's; the raw clients'
  // rate limiters keep the wall clock, since requests take real time.
  const clock = sim.clock;
  const spot = KrakenSpotHttpClient.fromConfig(config, {
    clock,
    ...(options.tradesPageSize === undefined ? {} : { tradesPageSize: options.tradesPageSize }),
  });
  const futures = KrakenFuturesHttpClient.fromConfig(config, { clock });
  const provider = new KrakenInstrumentProvider({ spot, futures, clock });
  return {
    spot,
    futures,
    provider,
    async close() {
      provider.stopPeriodicReload();
      await Promise.all([spot.close(), futures.close()]);
    },
  };
}

/** Nanoseconds of a simulator millisecond time. */
export const nsOf = (ms: number): bigint => BigInt(ms) * 1_000_000n;
