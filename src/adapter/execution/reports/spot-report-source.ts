/**
 * `SpotReportSource`: the Spot reports fetched from Kraken through the raw REST client. Closed
 * orders and fills are paged (50 a page) and bounded by start and end; every result says whether
 * it is complete. Nothing here keeps state between calls.
 */
import type { KrakenSpotRawHttpClient } from '../../../kraken/spot/http/raw-client.js';
import type { Clock } from '../../../core/clock.js';
import type { AccountId, ClientOrderId, InstrumentId, VenueOrderId } from '../../../model/identifiers.js';
import type { FillReport, OrderStatusReport, PositionStatusReport } from '../../../model/reports.js';
import { clockNs, NS_PER_SECOND } from '../../common/wire-time.js';
import { fetchOffsetPages } from './offset-pages.js';
import {
  asKrakenError,
  type FetchedReports,
  type ParsedReports,
  type ReportContext,
  type ReportInstrumentLookup,
} from './report-context.js';
import { parseBalanceEx, parseTradeBalance, type SpotBalances, type SpotMarginFigures } from './spot-account-reports.js';
import { parseSpotTrades, type SpotTradeEntry } from './spot-fill-reports.js';
import { parseSpotOrders, type SpotOrderEntry } from './spot-order-reports.js';
import { parseSpotMarginPositions } from './spot-position-reports.js';
import { DEFAULT_SPOT_POSITIONS_QUOTE_CURRENCY, walletPositionReports } from './spot-wallet-positions.js';

/** The raw client's endpoints the source calls. */
export type SpotReportsApi = Pick<
  KrakenSpotRawHttpClient,
  'openOrders' | 'closedOrders' | 'queryOrders' | 'tradesHistory' | 'queryTrades' | 'openPositions' | 'tradeBalance' | 'balanceEx'
>;

export interface SpotReportSourceOptions {
  readonly accountId: AccountId;
  readonly instruments: ReportInstrumentLookup;
  /** `tsInit` of the reports. */
  readonly clock: Clock;
  /** TradeBalance's `asset` (default `ZUSD`). */
  readonly marginBalanceAsset?: string | null;
  /** Most pages one ClosedOrders or TradesHistory read fetches (default 200, i.e. 10,000 entries); more makes it incomplete. */
  readonly maxPages?: number;
}

/** Inclusive nanosecond bounds; null for open. */
export interface ReportWindow {
  readonly startNs?: bigint | null;
  readonly endNs?: bigint | null;
  readonly instrumentId?: InstrumentId | null;
}

function complete<T>(parsed: ParsedReports<T>, fetched: boolean): FetchedReports<T> {
  return { ...parsed, complete: fetched && parsed.failures.length === 0 };
}

function failed<T>(what: string, err: unknown): FetchedReports<T> {
  return { reports: [], failures: [{ id: what, error: asKrakenError(err) }], complete: false };
}

/** Kraken's `start` is exclusive and whole seconds: one second earlier, then filtered here exactly. */
function boundsOf(w: ReportWindow): { start?: number; end?: number } {
  const start = w.startNs ?? null;
  const end = w.endNs ?? null;
  return {
    ...(start === null ? {} : { start: Number(start / NS_PER_SECOND) - 1 }),
    ...(end === null ? {} : { end: Number((end + NS_PER_SECOND - 1n) / NS_PER_SECOND) }),
  };
}

function inWindow(ts: bigint, w: ReportWindow): boolean {
  return (w.startNs == null || ts >= w.startNs) && (w.endNs == null || ts <= w.endNs);
}

function ofInstrument<T extends { instrumentId: InstrumentId }>(reports: T[], w: ReportWindow): T[] {
  const id = w.instrumentId ?? null;
  return id === null ? reports : reports.filter((r) => r.instrumentId.equals(id));
}

export class SpotReportSource {
  readonly #api: SpotReportsApi;
  readonly #options: SpotReportSourceOptions;

  constructor(api: SpotReportsApi, options: SpotReportSourceOptions) {
    this.#api = api;
    this.#options = options;
  }

  #ctx(): ReportContext {
    return { accountId: this.#options.accountId, instruments: this.#options.instruments, tsInit: clockNs(this.#options.clock.nowMs()) };
  }

  /** OpenOrders → reports of every open order (or one instrument's). */
  async openOrders(instrumentId?: InstrumentId | null): Promise<FetchedReports<OrderStatusReport>> {
    let result;
    try {
      result = await this.#api.openOrders({});
    } catch (err) {
      return failed('OpenOrders', err);
    }
    const parsed = parseSpotOrders(result.open, this.#ctx());
    return complete({ ...parsed, reports: ofInstrument(parsed.reports, { instrumentId: instrumentId ?? null }) }, true);
  }

  /** ClosedOrders, every page, orders closed inside the window. */
  async closedOrders(window: ReportWindow = {}): Promise<FetchedReports<OrderStatusReport>> {
    const bounds = boundsOf(window);
    const paged = await fetchOffsetPages<SpotOrderEntry>(
      'ClosedOrders',
      async (ofs) => {
        const r = await this.#api.closedOrders({ ...bounds, ofs, closetime: 'close' });
        return { entries: r.closed, count: r.count };
      },
      this.#options.maxPages ?? 200,
    );
    const parsed = parseSpotOrders(Object.fromEntries(paged.entries), this.#ctx());
    const reports = ofInstrument(parsed.reports, window).filter((r) => inWindow(r.tsLast, window));
    return { reports, failures: [...paged.failures, ...parsed.failures], complete: paged.complete && parsed.failures.length === 0 };
  }

  /** One order by venue id (QueryOrders) or client order id (OpenOrders, then ClosedOrders); null when the venue has no such order. */
  async orderStatus(query: {
    venueOrderId?: VenueOrderId | null;
    clientOrderId?: ClientOrderId | null;
  }): Promise<OrderStatusReport | null> {
    const ctx = this.#ctx();
    const first = (parsed: ParsedReports<OrderStatusReport>): OrderStatusReport | null => {
      if (parsed.reports[0] !== undefined) return parsed.reports[0];
      if (parsed.failures[0] !== undefined) throw parsed.failures[0].error;
      return null;
    };
    if (query.venueOrderId != null) {
      const r = await this.#api.queryOrders({ txid: query.venueOrderId.value });
      return first(parseSpotOrders(r, ctx));
    }
    if (query.clientOrderId == null) return null;
    const cl = query.clientOrderId.value;
    const open = first(parseSpotOrders((await this.#api.openOrders({ cl_ord_id: cl })).open, ctx));
    if (open !== null) return open;
    return first(parseSpotOrders((await this.#api.closedOrders({ cl_ord_id: cl })).closed, ctx));
  }

  /** TradesHistory (`type=all`: every fill type), every page, fills inside the window, oldest first. */
  async fills(window: ReportWindow = {}): Promise<FetchedReports<FillReport>> {
    const bounds = boundsOf(window);
    const paged = await fetchOffsetPages<SpotTradeEntry>(
      'TradesHistory',
      async (ofs) => {
        const r = await this.#api.tradesHistory({ ...bounds, ofs, type: 'all' });
        return { entries: r.trades, count: r.count };
      },
      this.#options.maxPages ?? 200,
    );
    const parsed = parseSpotTrades(Object.fromEntries(paged.entries), this.#ctx());
    const reports = ofInstrument(parsed.reports, window).filter((r) => inWindow(r.tsEvent, window));
    return { reports, failures: [...paged.failures, ...parsed.failures], complete: paged.complete && parsed.failures.length === 0 };
  }

  /** The fills of one order: QueryOrders (with its trade ids), then QueryTrades. */
  async fillsOfOrder(venueOrderId: VenueOrderId): Promise<FetchedReports<FillReport>> {
    try {
      const orders = (await this.#api.queryOrders({ txid: venueOrderId.value, trades: true })) as Record<string, SpotOrderEntry>;
      const ids = orders[venueOrderId.value]?.trades ?? [];
      if (ids.length === 0) return { reports: [], failures: [], complete: true };
      const parts: FetchedReports<FillReport>[] = [];
      for (let i = 0; i < ids.length; i += 20) {
        const trades = await this.#api.queryTrades({ txid: ids.slice(i, i + 20).join(',') });
        parts.push(complete(parseSpotTrades(trades as Record<string, SpotTradeEntry>, this.#ctx()), true));
      }
      const reports = parts.flatMap((p) => p.reports).sort((a, b) => (a.tsEvent < b.tsEvent ? -1 : a.tsEvent > b.tsEvent ? 1 : 0));
      const failures = parts.flatMap((p) => p.failures);
      return { reports, failures, complete: failures.length === 0 };
    } catch (err) {
      return failed(`QueryOrders/QueryTrades ${venueOrderId.value}`, err);
    }
  }

  /** OpenPositions (`docalcs`, for the unrealised P&L) → one margin position report per pair. */
  async marginPositions(instrumentId?: InstrumentId | null): Promise<FetchedReports<PositionStatusReport>> {
    let result;
    try {
      result = await this.#api.openPositions({ docalcs: true });
    } catch (err) {
      return failed('OpenPositions', err);
    }
    const parsed = parseSpotMarginPositions(result, this.#ctx());
    return complete({ ...parsed, reports: ofInstrument(parsed.reports, { instrumentId: instrumentId ?? null }) }, true);
  }

  /** BalanceEx → balances (total, hold, free). Throws when the call fails. */
  async balances(): Promise<SpotBalances> {
    return parseBalanceEx(await this.#api.balanceEx({}));
  }

  /** TradeBalance in `marginBalanceAsset` → margin figures. Throws when the call fails. */
  async marginFigures(): Promise<SpotMarginFigures> {
    const asset = this.#options.marginBalanceAsset ?? 'ZUSD';
    return parseTradeBalance(await this.#api.tradeBalance({ asset }), asset);
  }

  /** Opt-in cash wallet positions: BalanceEx → LONG positions on `BASE/<quoteCurrency>` pairs. */
  async walletPositions(quoteCurrency: string = DEFAULT_SPOT_POSITIONS_QUOTE_CURRENCY): Promise<FetchedReports<PositionStatusReport>> {
    let b: SpotBalances;
    try {
      b = await this.balances();
    } catch (err) {
      return failed('BalanceEx', err);
    }
    return {
      reports: walletPositionReports(b.balances, this.#ctx(), quoteCurrency),
      failures: b.failures,
      complete: b.failures.length === 0,
    };
  }
}
