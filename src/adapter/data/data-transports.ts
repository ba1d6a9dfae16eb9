/**
 * The connections one `KrakenDataClient` session runs on, built from the resolved config: the
 * domain REST clients (instruments and history) and the public WebSocket clients, per configured
 * product, with the config's URLs, proxy, retries and heartbeat. The public feeds need no key:
 * credentials only go to the REST clients, which confirm them at start.
 */
import type { Clock } from '../../core/clock.js';
import { KrakenFuturesWsClient } from '../../kraken/futures/ws/futures-ws-client.js';
import { KrakenSpotWsClient } from '../../kraken/spot/ws/spot-ws-client.js';
import { KrakenUnifiedWsClient } from '../../kraken/unified/uws-client.js';
import { unifiedWsUrl } from '../common/futures-api.js';
import type { WsClientTuning } from '../../transport/ws/client-options.js';
import type { ResolvedKrakenDataClientConfig } from '../config.js';
import { KrakenProductType } from '../constants.js';
import { KrakenFuturesHttpClient } from '../http/futures-http-client.js';
import { KrakenSpotHttpClient } from '../http/spot-http-client.js';

export interface DataTransports {
  readonly spotHttp: KrakenSpotHttpClient | null;
  readonly futuresHttp: KrakenFuturesHttpClient | null;
  readonly spotWs: KrakenSpotWsClient | null;
  readonly futuresWs: KrakenFuturesWsClient | null;
  /** The Futures feed's client when `futuresApi` is `unified` (then `futuresWs` is null). */
  readonly unifiedWs: KrakenUnifiedWsClient | null;
}

/** Extra WS tuning (reconnect backoff, timeouts) beyond what the config names; tests shorten it. */
export type DataWsTuning = Omit<WsClientTuning, 'clock' | 'proxyUrl' | 'wsHeartbeatSecs'>;

export function buildDataTransports(config: ResolvedKrakenDataClientConfig, clock: Clock, tuning: DataWsTuning = {}): DataTransports {
  const spot = config.productTypes.includes(KrakenProductType.SPOT);
  const futures = config.productTypes.includes(KrakenProductType.FUTURES);
  const unified = futures && config.futuresApi === 'unified';
  const ws: WsClientTuning = {
    ...tuning,
    wsHeartbeatSecs: config.wsHeartbeatSecs,
    clock,
    ...(config.proxyUrl === null ? {} : { proxyUrl: config.proxyUrl }),
  };
  return {
    spotHttp: spot ? KrakenSpotHttpClient.fromConfig(config, { clock }) : null,
    futuresHttp: futures ? KrakenFuturesHttpClient.fromConfig(config, { clock }) : null,
    spotWs: spot
      ? new KrakenSpotWsClient({ ...ws, endpoint: 'public', ...(config.baseUrlWsSpot === null ? {} : { url: config.baseUrlWsSpot }) })
      : null,
    unifiedWs: unified ? new KrakenUnifiedWsClient({ ...ws, url: unifiedWsUrl(config, 'public') }) : null,
    futuresWs:
      futures && !unified
        ? new KrakenFuturesWsClient({
            ...ws,
            environment: config.environment === 'DEMO' ? 'demo' : 'live',
            ...(config.baseUrlWsFutures === null ? {} : { url: config.baseUrlWsFutures }),
          })
        : null,
  };
}
