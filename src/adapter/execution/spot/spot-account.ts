/**
 * The Spot product's reports and account figures, read over REST through a report source (the
 * paged, completeness-aware readers in ../reports): orders, fills, positions (margin positions on
 * a MARGIN account, opt-in wallet positions on a cash one) and the account.
 *
 * The account: BalanceEx gives every balance (total, hold, free). On a MARGIN account each
 * refresh also reads TradeBalance (in `marginBalanceAsset`, default ZUSD): the used margin becomes
 * the `MarginBalance`, every summary figure goes into `AccountState.info`, and one INFO line says
 * `Margin metrics: equity=…, free_margin=…, unrealized_pnl=…`.
 */
import { KrakenStateError } from '../../../core/errors.js';
import type { AccountBalance, MarginBalance } from '../../../model/account.js';
import type { Currency } from '../../../model/money.js';
import type { ClientOrderId, InstrumentId, VenueOrderId } from '../../../model/identifiers.js';
import type { FillReport, OrderStatusReport, PositionStatusReport } from '../../../model/reports.js';
import type { OrderStatusQuery, ReportQuery } from '../../../node/clients.js';
import type { NodeClock } from '../../../node/clock.js';
import type { Logger } from '../../../node/logger.js';
import type { ProductAccountSnapshot } from '../product-execution.js';
import { marginMetricsLine } from '../reports/index.js';

/** Reports read from the venue, with whether the list is whole. */
export interface FetchedList<T> {
  readonly reports: T[];
  readonly failures: readonly { readonly id: string; readonly error: Error }[];
  readonly complete: boolean;
}

export interface SpotWindow {
  readonly startNs?: bigint | null;
  readonly endNs?: bigint | null;
  readonly instrumentId?: InstrumentId | null;
}

/** What the Spot product reads over REST (the report source of ../reports). */
export interface SpotReportReader {
  openOrders(instrumentId?: InstrumentId | null): Promise<FetchedList<OrderStatusReport>>;
  closedOrders(window: SpotWindow): Promise<FetchedList<OrderStatusReport>>;
  orderStatus(query: { venueOrderId?: VenueOrderId | null; clientOrderId?: ClientOrderId | null }): Promise<OrderStatusReport | null>;
  fills(window: SpotWindow): Promise<FetchedList<FillReport>>;
  marginPositions(instrumentId?: InstrumentId | null): Promise<FetchedList<PositionStatusReport>>;
  walletPositions(quoteCurrency?: string): Promise<FetchedList<PositionStatusReport>>;
  balances(): Promise<{
    readonly balances: AccountBalance[];
    readonly failures: readonly { readonly id: string; readonly error: Error }[];
  }>;
  marginFigures(): Promise<{
    readonly currency: Currency;
    readonly margin: MarginBalance;
    readonly info: Readonly<Record<string, string>>;
  }>;
}

export interface SpotAccountOptions {
  readonly reader: SpotReportReader;
  readonly margin: boolean;
  readonly useSpotPositionReports: boolean;
  readonly spotPositionsQuoteCurrency: string;
  readonly clock: NodeClock;
  readonly logger: Logger;
}

/** A list that is short is an error here: a caller of a generate* method must not take it for the whole. */
function whole<T>(what: string, list: FetchedList<T>): T[] {
  if (list.complete) return list.reports;
  const why = list.failures.map((f) => `${f.id}: ${f.error.message}`).join('; ');
  throw new KrakenStateError(`Kraken Spot ${what} incomplete: ${why || 'a page is missing'}`);
}

export class SpotAccount {
  readonly #o: SpotAccountOptions;

  constructor(options: SpotAccountOptions) {
    this.#o = options;
  }

  async orderStatus(query: OrderStatusQuery): Promise<OrderStatusReport | null> {
    return this.#o.reader.orderStatus({ venueOrderId: query.venueOrderId ?? null, clientOrderId: query.clientOrderId ?? null });
  }

  /** Open orders, plus (unless `openOnly`) the orders closed inside the window. */
  async orders(query: ReportQuery): Promise<OrderStatusReport[]> {
    const id = query.instrumentId ?? null;
    const open = whole('open orders', await this.#o.reader.openOrders(id));
    if (query.openOnly === true) return open;
    const closed = whole(
      'closed orders',
      await this.#o.reader.closedOrders({ startNs: query.start ?? null, endNs: query.end ?? null, instrumentId: id }),
    );
    return [...open, ...closed];
  }

  async fills(query: ReportQuery): Promise<FillReport[]> {
    const list = await this.#o.reader.fills({
      startNs: query.start ?? null,
      endNs: query.end ?? null,
      instrumentId: query.instrumentId ?? null,
    });
    const fills = whole('fills', list);
    return query.venueOrderId == null ? fills : fills.filter((f) => f.venueOrderId.equals(query.venueOrderId));
  }

  async positions(query: ReportQuery): Promise<PositionStatusReport[]> {
    const id = query.instrumentId ?? null;
    if (this.#o.margin) return whole('margin positions', await this.#o.reader.marginPositions(id));
    if (!this.#o.useSpotPositionReports) return [];
    const wallet = whole('wallet positions', await this.#o.reader.walletPositions(this.#o.spotPositionsQuoteCurrency));
    return id === null ? wallet : wallet.filter((p) => p.instrumentId.equals(id));
  }

  /** BalanceEx, and on a MARGIN account TradeBalance with its one INFO line. */
  async snapshot(): Promise<ProductAccountSnapshot> {
    const { balances, failures } = await this.#o.reader.balances();
    for (const f of failures) this.#o.logger.warn(`Kraken Spot balance ${f.id} left out: ${f.error.message}`);
    if (!this.#o.margin) return { balances, margins: [], info: {}, tsEvent: this.#o.clock.timestampNs() };
    const figures = await this.#o.reader.marginFigures();
    this.#o.logger.info(marginMetricsLine(figures));
    return { balances, margins: [figures.margin], info: figures.info, tsEvent: this.#o.clock.timestampNs() };
  }
}
