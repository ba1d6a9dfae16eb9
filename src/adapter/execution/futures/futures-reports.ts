/**
 * The Futures reports the engine asks for (order status, fills, positions), read through the
 * shared report source (`../reports/`), and the reports this product pushes on its own: an order or
 * fill the feeds mention that this session did not send (placed by another session or by hand) is
 * looked up over REST and handed to the engine as a report, which reconciles it at once.
 *
 * A source result that is not complete (a page failed, an entry did not parse) throws, so that a
 * shorter history is never taken for the whole one.
 */
import { KrakenError } from '../../../core/errors.js';
import type { KrakenFuturesRawHttpClient } from '../../../kraken/futures/http/raw-client.js';
import type { FillReport, OrderStatusReport, PositionStatusReport } from '../../../model/reports.js';
import type { OrderStatusQuery, ReportQuery } from '../../../node/clients.js';
import type { KrakenFuturesHttpClient } from '../../http/futures-http-client.js';
import type { ProductContext } from '../product-execution.js';
import { completeOrThrow, FuturesReportSource, instrumentLookupFromProvider, type FetchedReports } from '../reports/index.js';

/** How long (ms) an unknown order id is not looked up again after a lookup. */
const UNKNOWN_LOOKUP_MEMORY = 2_000;

const complete = <T>(what: string, r: FetchedReports<T>): T[] => completeOrThrow(r, `Kraken Futures ${what}`);

export class FuturesReports {
  readonly #source: FuturesReportSource;
  readonly #ctx: ProductContext<KrakenFuturesHttpClient>;
  readonly #lookedUp = new Map<string, number>();

  constructor(raw: KrakenFuturesRawHttpClient, ctx: ProductContext<KrakenFuturesHttpClient>) {
    this.#ctx = ctx;
    this.#source = new FuturesReportSource(raw, {
      accountId: ctx.accountId,
      instruments: instrumentLookupFromProvider(ctx.instruments),
      clock: ctx.clock.source,
    });
  }

  async orderStatusReport(q: OrderStatusQuery): Promise<OrderStatusReport | null> {
    const match = (r: OrderStatusReport): boolean =>
      (q.venueOrderId != null && r.venueOrderId.equals(q.venueOrderId)) ||
      (q.clientOrderId != null && r.clientOrderId !== null && r.clientOrderId.equals(q.clientOrderId));
    const open = complete('open orders', await this.#source.openOrders(q.instrumentId ?? null));
    const found = open.find(match);
    if (found !== undefined) return found;
    const closed = await this.#source.closedOrders(
      { instrumentId: q.instrumentId ?? null },
      new Set(open.map((r) => r.venueOrderId.value)),
    );
    return closed.reports.find(match) ?? (closed.complete ? null : (complete('closed orders', closed).find(match) ?? null));
  }

  async orderStatusReports(q: ReportQuery): Promise<OrderStatusReport[]> {
    const open = complete('open orders', await this.#source.openOrders(q.instrumentId ?? null));
    const ofOrder = (r: OrderStatusReport): boolean => q.venueOrderId == null || r.venueOrderId.equals(q.venueOrderId);
    if (q.openOnly === true) return open.filter(ofOrder);
    const closed = complete(
      'closed orders',
      await this.#source.closedOrders(
        { instrumentId: q.instrumentId ?? null, startNs: q.start ?? null, endNs: q.end ?? null },
        new Set(open.map((r) => r.venueOrderId.value)),
      ),
    );
    return [...open, ...closed].filter(ofOrder);
  }

  async fillReports(q: ReportQuery): Promise<FillReport[]> {
    const fills = complete(
      'fills',
      await this.#source.fills({ instrumentId: q.instrumentId ?? null, startNs: q.start ?? null, endNs: q.end ?? null }),
    );
    return q.venueOrderId == null
      ? fills
      : fills.filter((f) => f.venueOrderId.equals(q.venueOrderId as NonNullable<typeof q.venueOrderId>));
  }

  async positionReports(q: ReportQuery): Promise<PositionStatusReport[]> {
    return complete('positions', await this.#source.positions(q.instrumentId ?? null));
  }

  /**
   * The feeds named an order this session does not track: its status report (and, for a fill, the
   * order's fills) go to the engine. Looked up at most once per order within a short window, so a
   * burst of messages about one order costs one lookup.
   */
  unknownOrder(what: 'order' | 'fill', venueOrderId: string, clientOrderId: string | null): void {
    const now = this.#ctx.clock.source.nowMs();
    const last = this.#lookedUp.get(venueOrderId);
    if (last !== undefined && now - last < UNKNOWN_LOOKUP_MEMORY) return;
    this.#lookedUp.set(venueOrderId, now);
    for (const [id, t] of this.#lookedUp) if (now - t >= UNKNOWN_LOOKUP_MEMORY) this.#lookedUp.delete(id);
    void this.#pushReports(what, venueOrderId, clientOrderId);
  }

  async #pushReports(what: 'order' | 'fill', venueOrderId: string, clientOrderId: string | null): Promise<void> {
    const handler = this.#ctx.handler;
    try {
      const all = await this.#source.openOrders(null);
      let report = all.reports.find((r) => r.venueOrderId.value === venueOrderId);
      if (report === undefined) {
        const closed = await this.#source.closedOrders({});
        report = closed.reports.find((r) => r.venueOrderId.value === venueOrderId);
      }
      if (report !== undefined) handler.handleOrderStatusReport(report);
      if (what === 'fill') {
        const fills = await this.#source.fills({});
        for (const f of fills.reports) if (f.venueOrderId.value === venueOrderId) handler.handleFillReport(f);
      }
      if (report === undefined)
        this.#ctx.logger.warn(
          `Kraken Futures: order ${venueOrderId}${clientOrderId ? ` (${clientOrderId})` : ''} not found over REST; left to reconciliation`,
        );
    } catch (err) {
      this.#ctx.logger.warn(
        `Kraken Futures: lookup of order ${venueOrderId} failed: ${err instanceof KrakenError ? err.message : String(err)}`,
      );
    }
  }
}
