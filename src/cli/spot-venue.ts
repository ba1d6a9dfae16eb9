/**
 * Where the main job trades: the embedded simulator by default, or real Kraken with `--live`
 * and the two environment variables. Nothing else in the job knows the difference.
 */
import { KrakenAuthError } from '../core/errors.js';
import { KRAKEN_URLS } from '../kraken/common/urls.js';
import { startKrakenSim } from '../sim/start.js';

export interface SpotVenue {
  readonly name: 'simulator' | 'kraken';
  readonly restUrl: string;
  readonly wsPublicUrl: string;
  readonly wsAuthUrl: string;
  readonly apiKey: string | undefined;
  readonly apiSecret: string | undefined;
  /** May the job place (and cancel) a demonstration order here? */
  readonly trading: boolean;
  close(): Promise<void>;
}

export interface VenueChoice {
  readonly live: boolean;
  readonly trade: boolean;
  readonly seed: number;
}

export async function openSpotVenue(choice: VenueChoice, env: NodeJS.ProcessEnv = process.env): Promise<SpotVenue> {
  if (choice.live) {
    const apiKey = env['KRAKEN_SPOT_API_KEY'];
    const apiSecret = env['KRAKEN_SPOT_API_SECRET'];
    if (choice.trade && (!apiKey || !apiSecret)) {
      throw new KrakenAuthError(['krakenkit start --live --trade needs KRAKEN_SPOT_API_KEY and KRAKEN_SPOT_API_SECRET']);
    }
    return {
      name: 'kraken',
      restUrl: KRAKEN_URLS.spotRest,
      wsPublicUrl: KRAKEN_URLS.spotWsPublic,
      wsAuthUrl: KRAKEN_URLS.spotWsAuth,
      apiKey,
      apiSecret,
      trading: choice.trade,
      close: () => Promise.resolve(),
    };
  }
  const sim = await startKrakenSim({ seed: choice.seed });
  return {
    name: 'simulator',
    restUrl: sim.urls.spotRest,
    wsPublicUrl: sim.urls.spotWsPublic,
    wsAuthUrl: sim.urls.spotWsAuth,
    apiKey: sim.credentials.spot.apiKey,
    apiSecret: sim.credentials.spot.apiSecret,
    trading: true,
    close: () => sim.close(),
  };
}
