/**
 * Kraken execution reports: pure wire → report builders, and report sources that fetch and page.
 *
 * Signatures (all exported from this file):
 *
 * Context and results (report-context.ts)
 *   interface ReportInstrumentLookup { spotPair(name): Instrument | undefined; futuresContract(symbol): Instrument | undefined; spotPairs(): readonly Instrument[] }
 *   interface ReportContext { accountId: AccountId; instruments: ReportInstrumentLookup; tsInit: bigint }
 *   interface ReportFailure { id: string; error: KrakenError }            // one bad venue entry (or an unfetched page)
 *   interface ParsedReports<T> { reports: T[]; failures: ReportFailure[] }
 *   interface FetchedReports<T> extends ParsedReports<T> { complete: boolean }   // false: a page or an entry is missing
 *   completeOrThrow(fetched, what): T[]                                  // the reports, or a KrakenStateError naming what is missing
 *   instrumentLookupFromProvider(provider: KrakenInstrumentProvider): ReportInstrumentLookup
 *   instrumentLookup(source: () => readonly KrakenInstrumentInfo[]): ReportInstrumentLookup
 *
 * Spot, pure
 *   parseSpotOrder(txid, entry: OrderInfo, ctx): OrderStatusReport           // throws KrakenValidationError
 *   parseSpotOrders(map txid → OrderInfo, ctx): ParsedReports<OrderStatusReport>
 *   parseSpotTrade(tradeTxid, entry: TradeInfo, ctx): FillReport             // tradeId = the trade txid (= WS exec_id)
 *   parseSpotTrades(map, ctx): ParsedReports<FillReport>                      // oldest first
 *   aggregateMarginPositions(map, ctx): { aggregates: MarginPositionAggregate[]; failures }   // by (pair, side)
 *   parseSpotMarginPositions(map, ctx): ParsedReports<PositionStatusReport>  // one per instrument
 *   flatReportsForMissing(cached: {instrumentId, quantity}[], listed: PositionStatusReport[], ctx): PositionStatusReport[]
 *   parseBalanceEx(result): { balances: AccountBalance[]; failures }
 *   parseTradeBalance(result, asset = 'ZUSD'): { currency; margin: MarginBalance; info: Record<string, string> }
 *   marginMetricsLine(figures): string                                       // the one INFO line per refresh
 *   walletPositionReports(balances, ctx, quoteCurrency = 'USDT'): PositionStatusReport[]
 *
 * Futures, pure
 *   parseFuturesOpenOrder(entry, ctx): OrderStatusReport; parseFuturesOpenOrders(list, ctx): ParsedReports<OrderStatusReport>
 *   parseFuturesOrderHistory(elements, ctx, executionsByOrder?): ParsedReports<OrderStatusReport>
 *   indexFuturesExecutions(elements, accountUid?): { fees: Map<fillId, Decimal>; byOrder: Map<orderId, totals>; failures }
 *   parseFuturesFill(entry, ctx, fees?): FillReport
 *   parseFuturesFills(list, ctx, { fees?, startNs?, endNs? }): ParsedReports<FillReport>   // fillTime filter on the client
 *   parseFuturesPosition(entry, ctx): PositionStatusReport; parseFuturesPositions(list, ctx)  // avgPxOpen, unrealizedFunding
 *   parseFuturesAccounts(accounts): { balances; margins; info; failures }
 *
 * Sources (fetch, page, complete flag)
 *   new SpotReportSource(raw: KrakenSpotRawHttpClient, { accountId, instruments, clock, marginBalanceAsset?, maxPages? })
 *     .openOrders(instrumentId?) .closedOrders(window) .fills(window) .fillsOfOrder(venueOrderId)
 *     .marginPositions(instrumentId?) .walletPositions(quote?)  → Promise<FetchedReports<…>>
 *     .orderStatus({ venueOrderId?, clientOrderId? }) → Promise<OrderStatusReport | null>   (throws on a failed call)
 *     .balances() → Promise<SpotBalances>   .marginFigures() → Promise<SpotMarginFigures>   (throw on a failed call)
 *   new FuturesReportSource(raw: KrakenFuturesRawHttpClient, { accountId, instruments, clock, maxPages?, historyPageSize? })
 *     .openOrders(instrumentId?) .closedOrders(window, stillOpenIds?) .fills(window) .positions(instrumentId?) → Promise<FetchedReports<…>>
 *     .accounts() → Promise<FuturesAccountFigures>   (throws on a failed call)
 *   window: ReportWindow = { startNs?, endNs?, instrumentId? }  (inclusive nanoseconds)
 *   spotMassStatus(source, { lookbackMins, nowNs, marginPositions, walletPositionsQuote? }): Promise<ProductMassStatus>
 *   futuresMassStatus(source, { lookbackMins, nowNs }): Promise<ProductMassStatus>
 *     ProductMassStatus = { orders, fills, positions, window: { startNs, endNs }, complete, failures }
 *
 * Bad venue input: a builder of one entry throws a `KrakenValidationError` whose issue path names
 * the entry and the field (`/OABC-…/descr/pair`). A builder of many never throws for one entry: it
 * returns the others in `reports` and the bad one in `failures`, and a source then reports
 * `complete: false`, so a caller never mistakes a short list for the venue's whole view.
 */
export * from './report-context.js';
export { instrumentLookup, instrumentLookupFromProvider } from './instrument-lookup.js';
export { parseSpotOrder, parseSpotOrders, spotOrderSide, type SpotOrderEntry } from './spot-order-reports.js';
export { parseSpotTrade, parseSpotTrades, type SpotTradeEntry } from './spot-fill-reports.js';
export {
  aggregateMarginPositions,
  flatReportsForMissing,
  parseSpotMarginPositions,
  type CachedOpenPosition,
  type MarginPositionAggregate,
  type SpotMarginPositionEntry,
} from './spot-position-reports.js';
export {
  currencyCodeOfAsset,
  marginMetricsLine,
  parseBalanceEx,
  parseTradeBalance,
  type SpotBalances,
  type SpotMarginFigures,
} from './spot-account-reports.js';
export { DEFAULT_SPOT_POSITIONS_QUOTE_CURRENCY, walletPositionReports } from './spot-wallet-positions.js';
export {
  parseFuturesOpenOrder,
  parseFuturesOpenOrders,
  parseFuturesOrderHistory,
  type FuturesExecutionTotals,
  type FuturesOpenOrderEntry,
} from './futures-order-reports.js';
export {
  indexFuturesExecutions,
  parseFuturesFill,
  parseFuturesFills,
  type FuturesExecutionIndex,
  type FuturesFillEntry,
} from './futures-fill-reports.js';
export { parseFuturesPosition, parseFuturesPositions, type FuturesPositionEntry } from './futures-position-reports.js';
export { parseFuturesAccounts, type FuturesAccountFigures } from './futures-account-reports.js';
export { SpotReportSource, type ReportWindow, type SpotReportSourceOptions, type SpotReportsApi } from './spot-report-source.js';
export {
  FUTURES_FILLS_PAGE_SIZE,
  FuturesReportSource,
  type FuturesReportSourceOptions,
  type FuturesReportsApi,
} from './futures-report-source.js';
export {
  futuresMassStatus,
  spotMassStatus,
  type MassStatusOptions,
  type ProductMassStatus,
  type SpotMassStatusOptions,
} from './mass-status.js';
