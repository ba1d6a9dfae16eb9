/**
 * The adapter's HTTP clients and instrument provider against a simulator on a manual clock, built
 * the way the data client will build them: from a parsed config (no real environment read).
 */
import { systemClock, type Clock } from '../../../src/core/clock.js';
import { parseKrakenDataClientConfig } from '../../../src/adapter/config-parse.js';
import { KrakenFuturesHttpClient } from '../../../src/adapter/http/futures-http-client.js';
import { KrakenSpotHttpClient } from '../../../src/adapter/http/spot-http-client.js';
import { KrakenInstrumentProvider } from '../../../src/adapter/instruments/provider.js';
import type { KrakenSim } from '../../../src/sim/start.js';

/** "Now" is the simulator's time; timers (request pacing) run on the wall clock. */
export function simTime(sim: KrakenSim): Clock {
  return { nowMs: () => sim.clock.nowMs(), setTimeout: systemClock.setTimeout, clearTimeout: systemClock.clearTimeout };
}

export interface AdapterRig {
  readonly spot: KrakenSpotHttpClient;
  readonly futures: KrakenFuturesHttpClient;
  readonly provider: KrakenInstrumentProvider;
  close(): Promise<void>;
}

export function adapterRig(sim: KrakenSim, options: { maxRequestsPerSecond?: number; tradesPageSize?: number } = {}): AdapterRig {
  const config = parseKrakenDataClientConfig(
    { productTypes: ['SPOT', 'FUTURES'], baseUrlHttpSpot: sim.urls.spotRest, baseUrlHttpFutures: sim.urls.futuresRest, maxRequestsPerSecond: options.maxRequestsPerSecond ?? 200, maxRetries: 0 },
    { env: {} },
  );
  const clock = simTime(sim);
  const spot = KrakenSpotHttpClient.fromConfig(config, { clock, ...(options.tradesPageSize === undefined ? {} : { tradesPageSize: options.tradesPageSize }) });
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
