/**
 * Where a CLI command talks to: the embedded simulator (the default; started on 127.0.0.1 for
 * the command and stopped after it, with its demo keys), an already running simulator or other
 * Kraken-compatible endpoints (`--spot-url`, `--futures-url`, `--spot-ws-url`, `--futures-ws-url`,
 * all four, credentials from the environment; never a mix with real Kraken), or real Kraken
 * (`--live`, credentials from the environment; endpoint flags then override single URLs).
 * Every command builds its clients from the adapter config this returns, exactly as user code would.
 */
import { KrakenAuthError } from '../core/errors.js';
import { CliUsageError } from './exit-codes.js';
import { KrakenProductType } from '../adapter/constants.js';
import type { KrakenDataClientConfig } from '../adapter/config.js';
import { KRAKEN_CREDENTIAL_VARIABLES, type EnvironmentVariables } from '../adapter/credentials.js';
import { KrakenSpotHttpClient } from '../adapter/http/spot-http-client.js';
import { KrakenFuturesHttpClient } from '../adapter/http/futures-http-client.js';
import { parseKrakenDataClientConfig } from '../adapter/config-parse.js';
import { startKrakenSim, type KrakenSim, type KrakenSimOptions } from '../sim/start.js';

export interface VenueFlags {
  readonly live?: boolean;
  readonly seed?: number;
  readonly spotUrl?: string;
  readonly futuresUrl?: string;
  readonly spotWsUrl?: string;
  readonly spotWsAuthUrl?: string;
  readonly futuresWsUrl?: string;
}

export interface CliVenue {
  readonly name: 'simulator' | 'kraken' | 'endpoints';
  /** The embedded simulator, when this command started one. */
  readonly sim: KrakenSim | null;
  /** Adapter config for both products (URLs set for the simulator or the given endpoints). */
  readonly config: KrakenDataClientConfig;
  /** Where credentials are read from: the simulator's demo keys, or the process environment. */
  readonly env: EnvironmentVariables;
  /** The Spot authenticated WS URL (the simulator serves it apart from the public one). */
  readonly spotWsAuthUrl: string | null;
  spotHttp(): KrakenSpotHttpClient;
  futuresHttp(): KrakenFuturesHttpClient;
  close(): Promise<void>;
}

/** The sim's demo keys under the variables a user would set. */
function simEnvironment(sim: KrakenSim): EnvironmentVariables {
  return {
    [KRAKEN_CREDENTIAL_VARIABLES.SPOT.key]: sim.credentials.spot.apiKey,
    [KRAKEN_CREDENTIAL_VARIABLES.SPOT.secret]: sim.credentials.spot.apiSecret,
    [KRAKEN_CREDENTIAL_VARIABLES.FUTURES_LIVE.key]: sim.credentials.futures.apiKey,
    [KRAKEN_CREDENTIAL_VARIABLES.FUTURES_LIVE.secret]: sim.credentials.futures.apiSecret,
  };
}

export function simVenueConfig(sim: KrakenSim): KrakenDataClientConfig {
  return {
    productTypes: [KrakenProductType.SPOT, KrakenProductType.FUTURES],
    baseUrlHttpSpot: sim.urls.spotRest,
    baseUrlHttpFutures: sim.urls.futuresRest,
    baseUrlWsSpot: sim.urls.spotWsPublic,
    baseUrlWsFutures: sim.urls.futuresWs,
    updateInstrumentsIntervalMins: null,
  };
}

function venueOf(
  name: CliVenue['name'],
  config: KrakenDataClientConfig,
  env: EnvironmentVariables,
  sim: KrakenSim | null,
  spotWsAuthUrl: string | null,
): CliVenue {
  const clients: { close(): Promise<void> }[] = [];
  const resolved = () => parseKrakenDataClientConfig(config, { env });
  return {
    name,
    sim,
    config,
    env,
    spotWsAuthUrl,
    spotHttp() {
      const c = KrakenSpotHttpClient.fromConfig(resolved());
      clients.push(c);
      return c;
    },
    futuresHttp() {
      const c = KrakenFuturesHttpClient.fromConfig(resolved());
      clients.push(c);
      return c;
    },
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await sim?.close();
    },
  };
}

/** A venue around a simulator someone else started (tests, embedding); closing it leaves the simulator running. */
export function venueOnSim(sim: KrakenSim): CliVenue {
  const v = venueOf('simulator', simVenueConfig(sim), simEnvironment(sim), null, sim.urls.spotWsAuth);
  return { ...v, sim };
}

/** The endpoints a command against other endpoints needs (the Spot authenticated WS defaults to the public one given). */
const REQUIRED_ENDPOINTS = [
  ['spotUrl', '--spot-url'],
  ['spotWsUrl', '--spot-ws-url'],
  ['futuresUrl', '--futures-url'],
  ['futuresWsUrl', '--futures-ws-url'],
] as const;

export async function openVenue(
  flags: VenueFlags,
  env: EnvironmentVariables = process.env,
  simOptions: KrakenSimOptions = {},
): Promise<CliVenue> {
  const endpoints = [flags.spotUrl, flags.futuresUrl, flags.spotWsUrl, flags.spotWsAuthUrl, flags.futuresWsUrl].some(
    (u) => u !== undefined,
  );
  if (flags.live !== true && endpoints) {
    // Without --live nothing may reach real Kraken: an endpoint left out would default to Kraken's
    // own (orders over its WebSocket with the keys in the environment), so every one is required.
    const missing = REQUIRED_ENDPOINTS.filter(([key]) => flags[key] === undefined).map(([, flag]) => flag);
    if (missing.length > 0) {
      throw new CliUsageError(
        `without --live, krakenkit never falls back to real Kraken: give every endpoint (missing ${missing.join(', ')}), or add --live`,
      );
    }
  }
  if (flags.live === true || endpoints) {
    const config: KrakenDataClientConfig = {
      productTypes: [KrakenProductType.SPOT, KrakenProductType.FUTURES],
      updateInstrumentsIntervalMins: null,
      ...(flags.spotUrl === undefined ? {} : { baseUrlHttpSpot: flags.spotUrl }),
      ...(flags.futuresUrl === undefined ? {} : { baseUrlHttpFutures: flags.futuresUrl }),
      ...(flags.spotWsUrl === undefined ? {} : { baseUrlWsSpot: flags.spotWsUrl }),
      ...(flags.futuresWsUrl === undefined ? {} : { baseUrlWsFutures: flags.futuresWsUrl }),
    };
    return venueOf(flags.live === true ? 'kraken' : 'endpoints', config, env, null, flags.spotWsAuthUrl ?? null);
  }
  const sim = await startKrakenSim({ seed: flags.seed ?? 1, ...simOptions });
  return venueOf('simulator', simVenueConfig(sim), simEnvironment(sim), sim, sim.urls.spotWsAuth);
}

/** Throws a `KrakenAuthError` naming the variables when a product's credentials are not set. */
export function requireCredentials(venue: CliVenue, product: 'spot' | 'futures'): void {
  const vars = product === 'spot' ? KRAKEN_CREDENTIAL_VARIABLES.SPOT : KRAKEN_CREDENTIAL_VARIABLES.FUTURES_LIVE;
  const missing = [vars.key, vars.secret].filter((v) => (venue.env[v] ?? '') === '');
  if (missing.length > 0) throw new KrakenAuthError([`missing credentials: set ${missing.join(' and ')}`]);
}
