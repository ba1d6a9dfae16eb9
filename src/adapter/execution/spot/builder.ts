/**
 * The Spot product's builder, registered in ../factory.ts: a `SpotExecution` whose reports and
 * account figures come from the paged Spot report source (../reports).
 */
import type { KrakenSpotHttpClient } from '../../http/spot-http-client.js';
import type { ProductBuilder, ProductContext } from '../product-execution.js';
import { instrumentLookupFromProvider, SpotReportSource } from '../reports/index.js';
import { SpotExecution, type SpotExecWsTuning } from './spot-execution.js';

/** A Spot builder with WS tuning (tests shorten reconnect backoff). */
export function spotExecutionBuilder(wsTuning: SpotExecWsTuning = {}): ProductBuilder<KrakenSpotHttpClient> {
  return (ctx: ProductContext<KrakenSpotHttpClient>) =>
    new SpotExecution(ctx, {
      reader: new SpotReportSource(ctx.http.raw, {
        accountId: ctx.accountId,
        instruments: instrumentLookupFromProvider(ctx.instruments),
        clock: ctx.clock.source,
        marginBalanceAsset: ctx.config.marginBalanceAsset,
      }),
      wsTuning,
    });
}

export const buildSpotExecution: ProductBuilder<KrakenSpotHttpClient> = spotExecutionBuilder();
