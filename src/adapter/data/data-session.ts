/**
 * One connected session of `KrakenDataClient`: the transports built from the config, the
 * instrument provider on top of the HTTP clients, and the live feed of each configured product.
 * `open()` confirms configured credentials, loads the instruments and connects the feeds (closing
 * whatever it opened if any step fails); `close()` undoes it all. A reconnect of the client is a
 * new session.
 */
import type { Clock } from '../../core/clock.js';
import { KrakenStateError } from '../../core/errors.js';
import type { Instrument } from '../../model/instruments.js';
import type { Logger } from '../../node/logger.js';
import { confirmCredentials, type CredentialProbe } from '../common/credential-check.js';
import type { ResolvedKrakenDataClientConfig } from '../config.js';
import type { KrakenFuturesHttpClient } from '../http/futures-http-client.js';
import type { KrakenSpotHttpClient } from '../http/spot-http-client.js';
import type { KrakenInstrumentInfo } from '../instruments/instrument-diff.js';
import { KrakenInstrumentProvider } from '../instruments/provider.js';
import { buildDataTransports, type DataTransports, type DataWsTuning } from './data-transports.js';
import { KrakenFuturesFeed } from './futures-feed.js';
import type { MarketDataSink, MarketFeed } from './market-feed.js';
import { KrakenSpotFeed } from './spot-feed.js';
import { KrakenUnifiedFeed } from './unified-feed.js';
import { legacyFuturesWarning } from '../common/futures-api.js';

export class DataSession {
  readonly provider: KrakenInstrumentProvider;
  readonly spot: KrakenSpotFeed | null;
  readonly futures: MarketFeed | null;
  readonly #transports: DataTransports;
  readonly #log: Logger;

  private constructor(transports: DataTransports, sink: MarketDataSink, clock: Clock) {
    this.#transports = transports;
    this.#log = sink.log;
    this.provider = new KrakenInstrumentProvider({ spot: transports.spotHttp, futures: transports.futuresHttp, clock });
    this.spot = transports.spotWs === null ? null : new KrakenSpotFeed(transports.spotWs, sink);
    this.futures =
      transports.unifiedWs !== null
        ? new KrakenUnifiedFeed(transports.unifiedWs, sink)
        : transports.futuresWs === null
          ? null
          : new KrakenFuturesFeed(transports.futuresWs, sink);
  }

  /** Confirms credentials, loads every instrument (handed to `loaded` before any feed connects), connects the feeds. */
  static async open(
    config: ResolvedKrakenDataClientConfig,
    sink: MarketDataSink,
    tuning: DataWsTuning,
    loaded: (instruments: readonly Instrument[]) => void,
  ): Promise<DataSession> {
    const session = new DataSession(buildDataTransports(config, sink.clock, tuning), sink, sink.clock);
    const legacy = legacyFuturesWarning(config, 'data');
    if (legacy !== null) sink.log.warn(legacy);
    try {
      await session.#confirmCredentials(config);
      loaded(await session.provider.loadAll());
      await Promise.all([session.spot?.connect(), session.futures?.connect()]);
      return session;
    } catch (e) {
      await session.close();
      throw e;
    }
  }

  /** The live feed of the instrument's product. */
  feedOf(info: KrakenInstrumentInfo): MarketFeed {
    const feed = info.product === 'SPOT' ? this.spot : this.futures;
    if (feed === null)
      throw new KrakenStateError(`${info.instrument.id.toString()} is a ${info.product} instrument, and ${info.product} is not configured`);
    return feed;
  }

  spotFeed(): KrakenSpotFeed {
    if (this.spot === null) throw new KrakenStateError('SPOT is not configured');
    return this.spot;
  }

  /** The HTTP client of the instrument's product, for historical requests. */
  http(info: KrakenInstrumentInfo): KrakenSpotHttpClient | KrakenFuturesHttpClient {
    const http = info.product === 'SPOT' ? this.#transports.spotHttp : this.#transports.futuresHttp;
    if (http === null) throw new KrakenStateError(`${info.product} is not configured`);
    return http;
  }

  /** Stops the reload, flushes and closes the feeds, closes the HTTP clients; failures are logged, never thrown. */
  async close(): Promise<void> {
    this.provider.stopPeriodicReload();
    const { spotHttp, futuresHttp } = this.#transports;
    const closing: Promise<void>[] = [];
    for (const c of [this.spot, this.futures, spotHttp, futuresHttp]) if (c !== null) closing.push(c.close());
    const results = await Promise.allSettled(closing);
    for (const r of results) if (r.status === 'rejected') this.#log.warn(`Kraken data client close: ${(r.reason as Error).message}`);
  }

  async #confirmCredentials(config: ResolvedKrakenDataClientConfig): Promise<void> {
    const creds = config.credentials;
    const { spotHttp, futuresHttp } = this.#transports;
    const probes: CredentialProbe[] = [];
    if (creds.spot !== null && spotHttp !== null)
      probes.push({ product: 'Spot', credentials: creds.spot, call: () => spotHttp.raw.balance() });
    if (creds.futures !== null && futuresHttp !== null) {
      probes.push({ product: 'Futures', credentials: creds.futures, call: () => futuresHttp.raw.accounts() });
    }
    const warnings = await Promise.all(probes.map(confirmCredentials));
    for (const w of warnings) if (w !== null) this.#log.warn(w);
  }
}
