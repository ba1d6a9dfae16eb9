/**
 * The Spot status check after the `executions` stream may have lost reports (a sequence gap, a
 * dropped frame, a reconnect): the venue's view over REST replaces what the stream did not say.
 *
 * - The open orders (OpenOrders) are reported to the node as they are.
 * - Every local order still open that the venue no longer lists as open closed meanwhile (filled,
 *   cancelled, expired): its status is read by id (QueryOrders) and reported too.
 * - An order whose venue filled quantity is above the local one gets its fills first, read from
 *   the trade history (TradesHistory, from shortly before the order was created), each with its
 *   trade id, so the node applies each fill once (a fill it already has, from the stream or an
 *   earlier check, is skipped by trade id) and never has to infer a fill without one.
 *
 * One check runs at a time; a gap seen while one runs asks for one more after it.
 */
import type { Order } from '../../../model/order.js';
import type { FillReport, OrderStatusReport } from '../../../model/reports.js';
import type { Logger } from '../../../node/logger.js';
import type { OrderLookup, ProductEventHandler } from '../product-execution.js';
import type { SpotAccount } from './spot-account.js';

/** How far before an order's creation its fills are looked for: the venue's clock may differ from ours. */
const FILL_LOOKBACK_NS = 5n * 60n * 1_000_000_000n;

export interface SpotStatusCheckDeps {
  readonly account: SpotAccount;
  readonly orders: OrderLookup;
  readonly handler: Pick<ProductEventHandler, 'handleOrderStatusReport' | 'handleFillReport'>;
  readonly logger: Logger;
  /** Whether the order is one of this product's (a Spot instrument). */
  readonly owns: (order: Order) => boolean;
}

export class SpotStatusCheck {
  readonly #d: SpotStatusCheckDeps;
  #running = false;
  #again = false;

  constructor(deps: SpotStatusCheckDeps) {
    this.#d = deps;
  }

  /** Runs a check now, or once more after the running one. Never throws: failures are logged. */
  request(why: string): void {
    this.#d.logger.warn(`Kraken Spot executions: ${why}; checking order status over REST`);
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    this.run()
      .catch((e: unknown) => this.#d.logger.error(`Kraken Spot order status check failed: ${(e as Error).message}`))
      .finally(() => {
        this.#running = false;
        if (this.#again) {
          this.#again = false;
          this.request('another gap during the last check');
        }
      });
  }

  /** One check: open orders, then the local open orders the venue closed meanwhile. */
  async run(): Promise<void> {
    const open = await this.#d.account.orders({ openOnly: true });
    const listed = new Set<string>();
    for (const r of open) {
      listed.add(r.venueOrderId.value);
      if (r.clientOrderId !== null) listed.add(`cl:${r.clientOrderId.value}`);
      await this.#report(r);
    }
    const closedMeanwhile = this.#d.orders
      .ordersOpen()
      // Pending cancels and amends too: the report that closed or changed them may be the one lost.
      .filter((o) => this.#d.owns(o))
      .filter((o) => !listed.has(`cl:${o.clientOrderId.value}`) && (o.venueOrderId === null || !listed.has(o.venueOrderId.value)));
    for (const o of closedMeanwhile) {
      const r = await this.#d.account.orderStatus({
        instrumentId: o.instrumentId,
        clientOrderId: o.clientOrderId,
        venueOrderId: o.venueOrderId,
      });
      if (r === null) {
        this.#d.logger.warn(`Kraken Spot order ${o.clientOrderId.value}: not known to the venue; left to the open-order check`);
        continue;
      }
      await this.#report(r);
    }
  }

  /** The order's missing fills (with their trade ids) first, then its status. */
  async #report(r: OrderStatusReport): Promise<void> {
    const local =
      (r.clientOrderId === null ? undefined : this.#d.orders.order(r.clientOrderId)) ?? this.#d.orders.orderByVenueOrderId(r.venueOrderId);
    if (local !== undefined && r.filledQty.gt(local.filledQty)) {
      for (const f of await this.#fillsOf(local, r)) if (!local.hasTradeId(f.tradeId.value)) this.#d.handler.handleFillReport(f);
    }
    this.#d.handler.handleOrderStatusReport(r);
  }

  async #fillsOf(order: Order, r: OrderStatusReport): Promise<FillReport[]> {
    const start = order.tsInit > FILL_LOOKBACK_NS ? order.tsInit - FILL_LOOKBACK_NS : 0n;
    return this.#d.account.fills({ instrumentId: order.instrumentId, venueOrderId: r.venueOrderId, start });
  }
}
