/**
 * One connected session of `KrakenExecutionClient`: the REST client of each configured product,
 * the instrument provider on top of them, and the products built from their registered
 * builders. `open()` loads the instruments, then connects every product (each confirms its own
 * credentials and permissions); if anything fails, whatever opened is closed and the error is
 * thrown. `close()` disconnects the products (a clean stop: each disarms what it armed at the
 * venue), then closes the REST clients. A reconnect of the client is a new session.
 */
import type { AccountId } from '../../model/identifiers.js';
import type { NodeClock } from '../../node/clock.js';
import type { Logger } from '../../node/logger.js';
import type { ResolvedKrakenExecClientConfig } from '../config.js';
import { KrakenProductType } from '../constants.js';
import { KrakenFuturesHttpClient } from '../http/futures-http-client.js';
import { KrakenSpotHttpClient } from '../http/spot-http-client.js';
import { KrakenInstrumentProvider } from '../instruments/provider.js';
import { legacyFuturesWarning } from '../common/futures-api.js';
import type { OrderLookup, ProductBuilder, ProductEventHandler, ProductExecution } from './product-execution.js';

/** The builder of each product; a configured product without one cannot be used. */
export interface ProductBuilders {
  readonly SPOT?: ProductBuilder<KrakenSpotHttpClient> | null;
  readonly FUTURES?: ProductBuilder<KrakenFuturesHttpClient> | null;
}

export interface SessionContext {
  readonly clock: NodeClock;
  readonly logger: Logger;
  readonly accountId: AccountId;
  readonly orders: OrderLookup;
  /** The handler each product is built with. */
  readonly handlerFor: (product: KrakenProductType) => ProductEventHandler;
}

export class ExecSession {
  readonly provider: KrakenInstrumentProvider;
  readonly #spotHttp: KrakenSpotHttpClient | null;
  readonly #futuresHttp: KrakenFuturesHttpClient | null;
  readonly #log: Logger;
  #products: ProductExecution[] = [];

  private constructor(config: ResolvedKrakenExecClientConfig, context: SessionContext) {
    const clock = context.clock.source;
    this.#log = context.logger;
    this.#spotHttp = config.productTypes.includes(KrakenProductType.SPOT) ? KrakenSpotHttpClient.fromConfig(config, { clock }) : null;
    this.#futuresHttp = config.productTypes.includes(KrakenProductType.FUTURES)
      ? KrakenFuturesHttpClient.fromConfig(config, { clock })
      : null;
    this.provider = new KrakenInstrumentProvider({ spot: this.#spotHttp, futures: this.#futuresHttp, clock });
  }

  /** The connected products, in configuration order. */
  get products(): readonly ProductExecution[] {
    return this.#products;
  }

  static async open(config: ResolvedKrakenExecClientConfig, builders: ProductBuilders, context: SessionContext): Promise<ExecSession> {
    const session = new ExecSession(config, context);
    const legacy = legacyFuturesWarning(config, 'execution');
    if (legacy !== null) context.logger.warn(legacy);
    try {
      await session.provider.loadAll();
      const base = {
        clock: context.clock,
        logger: context.logger,
        accountId: context.accountId,
        orders: context.orders,
        instruments: session.provider,
        config,
      };
      const built: ProductExecution[] = [];
      for (const product of config.productTypes) {
        const handler = context.handlerFor(product);
        if (product === KrakenProductType.SPOT && builders.SPOT != null && session.#spotHttp !== null)
          built.push(builders.SPOT({ ...base, handler, http: session.#spotHttp }));
        if (product === KrakenProductType.FUTURES && builders.FUTURES != null && session.#futuresHttp !== null)
          built.push(builders.FUTURES({ ...base, handler, http: session.#futuresHttp }));
      }
      session.#products = built;
      const results = await Promise.allSettled(built.map((p) => p.connect()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
      return session;
    } catch (e) {
      await session.close();
      throw e;
    }
  }

  /** Disconnects every product, then closes the REST clients; failures are logged, never thrown. */
  async close(): Promise<void> {
    const products = this.#products;
    this.#products = [];
    const stopped = await Promise.allSettled(products.map((p) => p.disconnect()));
    for (const r of stopped) if (r.status === 'rejected') this.#log.warn(`Kraken execution close: ${(r.reason as Error).message}`);
    const closed = await Promise.allSettled([this.#spotHttp?.close(), this.#futuresHttp?.close()]);
    for (const r of closed) if (r.status === 'rejected') this.#log.warn(`Kraken execution close: ${(r.reason as Error).message}`);
  }
}
