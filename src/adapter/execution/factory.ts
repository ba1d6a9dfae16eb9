/**
 * `KrakenLiveExecClientFactory`: how the node creates a `KrakenExecutionClient` from whatever the
 * user wrote under `execClients.KRAKEN`. The class itself is a factory (reading credentials from
 * `process.env`); an instance carries options for tests and embedding.
 *
 *   node.addExecClientFactory('KRAKEN', KrakenLiveExecClientFactory);
 *   node.addExecClientFactory('KRAKEN', new KrakenLiveExecClientFactory({ env: {} }));
 *
 * `KRAKEN_PRODUCT_BUILDERS` is the one place where each product's half is registered: a product
 * module exports a `ProductBuilder` and adds one line here.
 */
import type { ExecClientContext, LiveExecClientFactory } from '../../node/clients.js';
import { parseKrakenExecClientConfig } from '../config-parse.js';
import type { EnvironmentVariables } from '../credentials.js';
import type { ProductBuilders } from './exec-session.js';
import { FuturesExecution } from './futures/futures-execution.js';
import { KrakenExecutionClient } from './kraken-execution-client.js';
import { buildSpotExecution } from './spot/builder.js';
import type { ProductContext } from './product-execution.js';
import type { KrakenFuturesHttpClient } from '../http/futures-http-client.js';

/** Kraken's product halves, by product type (null: not available in this build). */
export const KRAKEN_PRODUCT_BUILDERS: ProductBuilders = Object.freeze({
  SPOT: buildSpotExecution,
  FUTURES: (context: ProductContext<KrakenFuturesHttpClient>) => new FuturesExecution(context),
});

export interface KrakenLiveExecClientFactoryOptions {
  /** Where omitted credentials are read from (default `process.env`). */
  readonly env?: EnvironmentVariables;
  /** Default `KRAKEN-001`. */
  readonly accountId?: string;
  /** Replaces registered builders, per product (tests build products with shorter timers). */
  readonly builders?: ProductBuilders;
}

export class KrakenLiveExecClientFactory implements LiveExecClientFactory {
  readonly #options: KrakenLiveExecClientFactoryOptions;

  constructor(options: KrakenLiveExecClientFactoryOptions = {}) {
    this.#options = options;
  }

  /** The factory with default options: `node.addExecClientFactory('KRAKEN', KrakenLiveExecClientFactory)`. */
  static create(name: string, config: unknown, context: ExecClientContext): KrakenExecutionClient {
    return new KrakenLiveExecClientFactory().create(name, config, context);
  }

  /** Parses and checks the config (every bad field named at once), then builds the client; nothing connects yet. */
  create(name: string, config: unknown, context: ExecClientContext): KrakenExecutionClient {
    const o = this.#options;
    const resolved = parseKrakenExecClientConfig(config, o.env === undefined ? {} : { env: o.env });
    return new KrakenExecutionClient(resolved, context, {
      clientId: name,
      ...(o.accountId === undefined ? {} : { accountId: o.accountId }),
      builders: { ...KRAKEN_PRODUCT_BUILDERS, ...(o.builders ?? {}) },
    });
  }
}
