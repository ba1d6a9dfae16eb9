/**
 * One product's share of a mass status: open orders, orders closed inside the lookback window,
 * fills inside it and positions, with the window covered and one completeness flag (false when
 * any part is short: a page not fetched, an entry not parsed).
 */
import type { FillReport, OrderStatusReport, PositionStatusReport } from '../../../model/reports.js';
import type { FuturesReportSource } from './futures-report-source.js';
import type { FetchedReports, ReportFailure } from './report-context.js';
import type { SpotReportSource } from './spot-report-source.js';

export interface ProductMassStatus {
  readonly orders: OrderStatusReport[];
  readonly fills: FillReport[];
  readonly positions: PositionStatusReport[];
  /** Inclusive nanosecond window of closed orders and fills; `startNs` null = everything Kraken keeps. */
  readonly window: { readonly startNs: bigint | null; readonly endNs: bigint };
  readonly complete: boolean;
  readonly failures: ReportFailure[];
}

export interface MassStatusOptions {
  /** Minutes back from `nowNs`; null reads the whole history. */
  readonly lookbackMins: number | null;
  readonly nowNs: bigint;
}

function windowOf(o: MassStatusOptions): { startNs: bigint | null; endNs: bigint } {
  return {
    startNs: o.lookbackMins === null ? null : o.nowNs - BigInt(Math.round(o.lookbackMins * 60)) * 1_000_000_000n,
    endNs: o.nowNs,
  };
}

function merge(
  parts: {
    orders: FetchedReports<OrderStatusReport>[];
    fills: FetchedReports<FillReport>;
    positions: FetchedReports<PositionStatusReport>[];
  },
  window: ProductMassStatus['window'],
): ProductMassStatus {
  const all = [...parts.orders, parts.fills, ...parts.positions];
  const seen = new Set<string>();
  const orders = parts.orders
    .flatMap((p) => p.reports)
    .filter((r) => !seen.has(r.venueOrderId.value) && (seen.add(r.venueOrderId.value), true));
  return {
    orders,
    fills: parts.fills.reports,
    positions: parts.positions.flatMap((p) => p.reports),
    window,
    complete: all.every((p) => p.complete),
    failures: all.flatMap((p) => p.failures),
  };
}

export interface SpotMassStatusOptions extends MassStatusOptions {
  /** MARGIN accounts: OpenPositions. */
  readonly marginPositions: boolean;
  /** Opt-in cash wallet positions: the quote currency (e.g. `USDT`), or null for none. */
  readonly walletPositionsQuote?: string | null;
}

export async function spotMassStatus(source: SpotReportSource, options: SpotMassStatusOptions): Promise<ProductMassStatus> {
  const window = windowOf(options);
  const open = await source.openOrders();
  const closed = await source.closedOrders(window);
  const fills = await source.fills(window);
  const positions: FetchedReports<PositionStatusReport>[] = [];
  if (options.marginPositions) positions.push(await source.marginPositions());
  if (options.walletPositionsQuote != null) positions.push(await source.walletPositions(options.walletPositionsQuote));
  return merge({ orders: [open, closed], fills, positions: positions }, window);
}

export async function futuresMassStatus(source: FuturesReportSource, options: MassStatusOptions): Promise<ProductMassStatus> {
  const window = windowOf(options);
  const open = await source.openOrders();
  const closed = await source.closedOrders(window, new Set(open.reports.map((r) => r.venueOrderId.value)));
  const fills = await source.fills(window);
  const positions = await source.positions();
  return merge({ orders: [open, closed], fills, positions: [positions] }, window);
}
