/**
 * `FuturesReportSource`: the Futures reports fetched from Kraken through the raw REST client.
 *
 * - Fills: `/fills` is paged backwards (`lastFillTime`, 100 fills before it, newest first) until
 *   the window's start is passed, then filtered on the client by `fillTime` (Kraken has no time
 *   filter there); fees come from the execution history over the same window.
 * - Closed orders: the order-event history (`since` / `before`, oldest first, continuation
 *   tokens followed) folded per order, minus the orders still open.
 * Every result says whether it is complete; a page that could not be fetched makes it incomplete.
 */
import type { ExecutionEventElement, OrderEventElement } from '../../../../generated/futures-history/types.gen.js';
import type { Clock } from '../../../core/clock.js';
import type { KrakenFuturesRawHttpClient } from '../../../kraken/futures/http/raw-client.js';
import type { AccountId, InstrumentId } from '../../../model/identifiers.js';
import type { FillReport, OrderStatusReport, PositionStatusReport } from '../../../model/reports.js';
import { clockNs, isoToNs, NS_PER_MS } from '../../common/wire-time.js';
import { parseFuturesAccounts, type FuturesAccountFigures } from './futures-account-reports.js';
import { indexFuturesExecutions, parseFuturesFills, type FuturesFillEntry } from './futures-fill-reports.js';
import { parseFuturesOpenOrders, parseFuturesOrderHistory } from './futures-order-reports.js';
import { parseFuturesPositions } from './futures-position-reports.js';
import {
  asKrakenError,
  type FetchedReports,
  type ReportContext,
  type ReportFailure,
  type ReportInstrumentLookup,
} from './report-context.js';
import type { ReportWindow } from './spot-report-source.js';

/** The raw client's endpoints the source calls. */
export type FuturesReportsApi = Pick<
  KrakenFuturesRawHttpClient,
  'openorders' | 'fills' | 'openpositions' | 'accounts' | 'historyOrders' | 'historyExecutions'
>;

export interface FuturesReportSourceOptions {
  readonly accountId: AccountId;
  readonly instruments: ReportInstrumentLookup;
  readonly clock: Clock;
  /** Most pages one read fetches (default 100); more makes it incomplete. */
  readonly maxPages?: number;
  /** Elements asked for per history page (default 500). */
  readonly historyPageSize?: number;
}

/** Kraken's `/fills` page size. */
export const FUTURES_FILLS_PAGE_SIZE = 100;

type HistoryKind = 'historyOrders' | 'historyExecutions';
type Element = OrderEventElement | ExecutionEventElement;

function failedFetch<T>(what: string, err: unknown): FetchedReports<T> {
  return { reports: [], failures: [{ id: what, error: asKrakenError(err) }], complete: false };
}

function ofInstrument<T extends { instrumentId: InstrumentId }>(reports: T[], id: InstrumentId | null | undefined): T[] {
  return id == null ? reports : reports.filter((r) => r.instrumentId.equals(id));
}

export class FuturesReportSource {
  readonly #api: FuturesReportsApi;
  readonly #options: FuturesReportSourceOptions;

  constructor(api: FuturesReportsApi, options: FuturesReportSourceOptions) {
    this.#api = api;
    this.#options = options;
  }

  #ctx(): ReportContext {
    return { accountId: this.#options.accountId, instruments: this.#options.instruments, tsInit: clockNs(this.#options.clock.nowMs()) };
  }

  async openOrders(instrumentId?: InstrumentId | null): Promise<FetchedReports<OrderStatusReport>> {
    let r;
    try {
      r = await this.#api.openorders();
    } catch (err) {
      return failedFetch('openorders', err);
    }
    const parsed = parseFuturesOpenOrders(r.openOrders, this.#ctx());
    return { reports: ofInstrument(parsed.reports, instrumentId), failures: parsed.failures, complete: parsed.failures.length === 0 };
  }

  /** History elements of one kind inside the window, oldest first, each once. */
  async #history<E extends Element>(
    kind: HistoryKind,
    window: ReportWindow,
  ): Promise<{ elements: E[]; accountUid?: string; complete: boolean; failures: ReportFailure[] }> {
    const count = this.#options.historyPageSize ?? 500;
    const maxPages = this.#options.maxPages ?? 100;
    const seen = new Map<string, E>();
    let since = window.startNs == null ? undefined : Number(window.startNs / NS_PER_MS);
    const before = window.endNs == null ? undefined : Number(window.endNs / NS_PER_MS) + 1;
    let token: string | undefined;
    let accountUid: string | undefined;
    for (let page = 0; ; page++) {
      if (page >= maxPages)
        return {
          elements: [...seen.values()],
          complete: false,
          failures: [
            { id: `${kind} page ${page}`, error: asKrakenError(new Error(`${kind}: stopped after ${maxPages} pages, more remain`)) },
          ],
        };
      let r: { elements: E[]; continuationToken?: string; accountUid?: string };
      try {
        const params = {
          sort: 'asc' as const,
          count,
          ...(since === undefined ? {} : { since }),
          ...(before === undefined ? {} : { before }),
          ...(token === undefined ? {} : { continuation_token: token }),
        };
        r = (await this.#api[kind](params)) as unknown as typeof r;
      } catch (err) {
        return { elements: [...seen.values()], complete: false, failures: [{ id: `${kind} page ${page}`, error: asKrakenError(err) }] };
      }
      accountUid ??= r.accountUid;
      let fresh = 0;
      for (const e of r.elements) {
        if (!seen.has(e.uid)) {
          seen.set(e.uid, e);
          fresh++;
        }
      }
      if (typeof r.continuationToken === 'string' && r.continuationToken !== '' && r.elements.length > 0) token = r.continuationToken;
      else if (r.elements.length >= count && fresh > 0) since = r.elements[r.elements.length - 1]?.timestamp;
      else break;
    }
    const elements = [...seen.values()].sort((a, b) => a.timestamp - b.timestamp);
    return { elements, ...(accountUid === undefined ? {} : { accountUid }), complete: true, failures: [] };
  }

  /** Orders closed or filled inside the window (order-event history with the executions), not counting orders still open. */
  async closedOrders(window: ReportWindow = {}, stillOpen: ReadonlySet<string> = new Set()): Promise<FetchedReports<OrderStatusReport>> {
    const [orders, execs] = await Promise.all([
      this.#history<OrderEventElement>('historyOrders', window),
      this.#history<ExecutionEventElement>('historyExecutions', window),
    ]);
    const index = indexFuturesExecutions(execs.elements, execs.accountUid ?? orders.accountUid);
    const parsed = parseFuturesOrderHistory(orders.elements, this.#ctx(), index.byOrder);
    const open = new Set(['ACCEPTED', 'PARTIALLY_FILLED', 'TRIGGERED']);
    const reports = ofInstrument(parsed.reports, window.instrumentId).filter(
      (r) => !stillOpen.has(r.venueOrderId.value) && !open.has(r.orderStatus),
    );
    const failures = [...orders.failures, ...execs.failures, ...index.failures, ...parsed.failures];
    return { reports, failures, complete: orders.complete && execs.complete && failures.length === 0 };
  }

  /** Fills inside the window, oldest first, with their fees. */
  async fills(window: ReportWindow = {}): Promise<FetchedReports<FillReport>> {
    const maxPages = this.#options.maxPages ?? 100;
    const entries = new Map<string, FuturesFillEntry>();
    const failures: ReportFailure[] = [];
    let complete = true;
    let lastFillTime: string | undefined = window.endNs == null ? undefined : new Date(Number(window.endNs / NS_PER_MS) + 1).toISOString();
    for (let page = 0; ; page++) {
      if (page >= maxPages) {
        failures.push({ id: `fills page ${page}`, error: asKrakenError(new Error(`fills: stopped after ${maxPages} pages, more remain`)) });
        complete = false;
        break;
      }
      let r;
      try {
        r = await this.#api.fills(lastFillTime === undefined ? {} : { lastFillTime });
      } catch (err) {
        failures.push({ id: `fills page ${page}`, error: asKrakenError(err) });
        complete = false;
        break;
      }
      let oldest: bigint | null = null;
      let oldestText: string | undefined;
      for (const f of r.fills as FuturesFillEntry[]) {
        if (!entries.has(f.fill_id)) entries.set(f.fill_id, f);
        try {
          const t = isoToNs(f.fillTime, `/${f.fill_id}/fillTime`);
          if (oldest === null || t < oldest) {
            oldest = t;
            oldestText = f.fillTime;
          }
        } catch {
          // named by the parse below
        }
      }
      if (
        r.fills.length < FUTURES_FILLS_PAGE_SIZE ||
        oldest === null ||
        (window.startNs != null && oldest < window.startNs) ||
        oldestText === lastFillTime
      )
        break;
      lastFillTime = oldestText;
    }
    const list = [...entries.values()];
    const needFees = list.some((f) => f.fee_paid === undefined || f.fee_paid === null);
    let fees = new Map();
    if (needFees && list.length > 0) {
      const execs = await this.#history<ExecutionEventElement>('historyExecutions', window);
      const index = indexFuturesExecutions(execs.elements, execs.accountUid);
      fees = new Map(index.fees);
      failures.push(...execs.failures, ...index.failures);
      complete &&= execs.complete;
    }
    const parsed = parseFuturesFills(list, this.#ctx(), { fees, startNs: window.startNs ?? null, endNs: window.endNs ?? null });
    failures.push(...parsed.failures);
    return { reports: ofInstrument(parsed.reports, window.instrumentId), failures, complete: complete && failures.length === 0 };
  }

  async positions(instrumentId?: InstrumentId | null): Promise<FetchedReports<PositionStatusReport>> {
    let r;
    try {
      r = await this.#api.openpositions();
    } catch (err) {
      return failedFetch('openpositions', err);
    }
    const parsed = parseFuturesPositions(r.openPositions, this.#ctx());
    return { reports: ofInstrument(parsed.reports, instrumentId), failures: parsed.failures, complete: parsed.failures.length === 0 };
  }

  /** `accounts` → balances, margins and figures. Throws when the call fails. */
  async accounts(): Promise<FuturesAccountFigures> {
    return parseFuturesAccounts((await this.#api.accounts()).accounts);
  }
}
