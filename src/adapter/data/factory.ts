/**
 * `KrakenLiveDataClientFactory`: how the node creates a `KrakenDataClient` from whatever the user
 * wrote under `dataClients.KRAKEN`. The class itself is a factory (the usage below works as
 * written, reading credentials from `process.env` and time from the node's clock); an instance
 * carries options for tests and embedding: an injected environment, clock and WS tuning.
 *
 *   node.addDataClientFactory('KRAKEN', KrakenLiveDataClientFactory);
 *   node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env: {}, clock }));
 */
import type { Clock } from '../../core/clock.js';
import type { DataClientContext, LiveDataClientFactory } from '../../node/clients.js';
import { parseKrakenDataClientConfig } from '../config-parse.js';
import type { EnvironmentVariables } from '../credentials.js';
import type { DataWsTuning } from './data-transports.js';
import { KrakenDataClient } from './kraken-data-client.js';

export interface KrakenLiveDataClientFactoryOptions {
  /** Where omitted credentials are read from (default `process.env`). */
  readonly env?: EnvironmentVariables;
  /** See `KrakenDataClientOptions.clock`. */
  readonly clock?: Clock;
  readonly wsTuning?: DataWsTuning;
}

export class KrakenLiveDataClientFactory implements LiveDataClientFactory {
  readonly #options: KrakenLiveDataClientFactoryOptions;

  constructor(options: KrakenLiveDataClientFactoryOptions = {}) {
    this.#options = options;
  }

  /** The factory with default options: `node.addDataClientFactory('KRAKEN', KrakenLiveDataClientFactory)`. */
  static create(name: string, config: unknown, context: DataClientContext): KrakenDataClient {
    return new KrakenLiveDataClientFactory().create(name, config, context);
  }

  /** Parses and checks the config (every bad field named at once), then builds the client; nothing connects yet. */
  create(name: string, config: unknown, context: DataClientContext): KrakenDataClient {
    const o = this.#options;
    const resolved = parseKrakenDataClientConfig(config, o.env === undefined ? {} : { env: o.env });
    return new KrakenDataClient(resolved, context, {
      clientId: name,
      ...(o.clock === undefined ? {} : { clock: o.clock }),
      ...(o.wsTuning === undefined ? {} : { wsTuning: o.wsTuning }),
    });
  }
}
