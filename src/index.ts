/**
 * krakenkit's public surface. Every export is named here on purpose; nothing is re-exported with `*`.
 * Each area keeps its own block; add names to your area's block only.
 */

// --- errors -------------------------------------------------------------------------------
export {
  KrakenError,
  KrakenApiError,
  KrakenOrderRejectedError,
  KrakenNonceError,
  KrakenRateLimitError,
  KrakenAuthError,
  KrakenServiceUnavailableError,
  KrakenTransportError,
  KrakenValidationError,
  KrakenStateError,
  KrakenRateLimitWaitError,
  KrakenKeyInUseError,
  KrakenNonceBreakerError,
} from './core/errors.js';
export type { KrakenErrorKind, ValidationIssue, TransportFailure } from './core/errors.js';
export { isRetryable } from './core/retryable.js';
export { classifyVenueError } from './kraken/common/error-table.js';

// --- time: the one seam for transport, node and simulator ----------------------------------
export { systemClock, ManualClock } from './core/clock.js';
export type { Clock, TimerHandle } from './core/clock.js';

// --- transport: signing, JSON -------------------------------------------------------------
export {
  spotApiSign,
  futuresAuthent,
  futuresSignChallenge,
  signingKeyFromBase64,
  HmacSha512Key,
  type RawDigest,
  type SigningSecret,
} from './transport/signing.js';
export { parseVenueJson } from './core/json.js';

// --- spot REST ----------------------------------------------------------------------------
export { KrakenSpotRawHttpClient } from './kraken/spot/http/raw-client.js';
export type { KrakenSpotRawHttpClientOptions } from './kraken/spot/http/raw-client.js';
export type { SpotRestMethods } from '../generated/spot-rest/client.gen.js';
export type { SpotRestOperationId } from '../generated/spot-rest/routes.gen.js';
export { spotRestRoutes } from '../generated/spot-rest/routes.gen.js';
export {
  requestValidators as spotRestRequestValidators,
  responseValidators as spotRestResponseValidators,
} from '../generated/spot-rest/validators.gen.js';
export { ApiCredentials } from './kraken/common/credentials.js';
export { KRAKEN_URLS } from './kraken/common/urls.js';
export { HttpTransport } from './transport/http.js';
export type { HttpTransportOptions } from './transport/http.js';
export { NonceSource, SerialQueue, keyChannel, releaseKeyChannel } from './transport/nonce.js';
export type { KeyChannel, KeyChannelOptions } from './transport/nonce.js';
export { defaultStateDir } from './transport/nonce-store.js';
export type { NonceShare } from './transport/nonce-store.js';
export { validateOrThrow } from './transport/validation.js';
export type { Validator } from './transport/validation.js';
export type { CallOptions, RestRoute } from './transport/rest-route.js';

// --- rate limits --------------------------------------------------------------------------
export { SpotRateLimiter } from './kraken/ratelimit/spot-limiter.js';
export type { SpotRateLimiterOptions, SpotOrderCommand, PairTransaction } from './kraken/ratelimit/spot-limiter.js';
export { FuturesRateLimiter } from './kraken/ratelimit/futures-limiter.js';
export type { FuturesRateLimiterOptions } from './kraken/ratelimit/futures-limiter.js';
export { PublicRateLimiter } from './kraken/ratelimit/public-limiter.js';
export { spotRateLimiterFor, futuresRateLimiterFor, publicRateLimiterFor, releaseRateLimiters } from './kraken/ratelimit/registry.js';
export { SPOT_REST_LIMITS, SPOT_TRADING_LIMITS, FUTURES_DERIVATIVES_LIMITS, FUTURES_HISTORY_LIMITS } from './kraken/ratelimit/tiers.js';
export type { KrakenRateLimitTier, CounterLimits } from './kraken/ratelimit/tiers.js';
export { spotRestCallCost, spotTransactionCost as spotOrderEntryCost } from './kraken/ratelimit/spot-costs.js';
export type { SpotOrderTransaction } from './kraken/ratelimit/spot-costs.js';
export { futuresDerivativesCost, futuresHistoryCost } from './kraken/ratelimit/futures-costs.js';
export { DEFAULT_MAX_REQUESTS_PER_SECOND, DEFAULT_RATE_LIMIT_MAX_WAIT_MS } from './kraken/ratelimit/limiter-options.js';
export type { AcquireOptions } from './kraken/ratelimit/limiter-options.js';
export type { KrakenKeyOptions } from './kraken/common/key-options.js';

// --- futures REST -------------------------------------------------------------------------
export { KrakenFuturesRawHttpClient } from './kraken/futures/http/raw-client.js';
export type { KrakenFuturesRawHttpClientOptions, FuturesRestService } from './kraken/futures/http/raw-client.js';
export { KRAKEN_FUTURES_ENVIRONMENTS, FUTURES_HISTORY_PATH_PREFIX } from './kraken/futures/http/environment.js';
export type { KrakenFuturesEnvironment, KrakenFuturesEnvironmentConfig } from './kraken/futures/http/environment.js';
export { futuresOrderRejectReason, FUTURES_ORDER_ACCEPTED_STATUSES } from './kraken/futures/http/order-status.js';
export { decodeFuturesResponse } from './kraken/futures/http/envelope.js';

// --- websocket clients --------------------------------------------------------------------
export { KrakenSpotWsClient } from './kraken/spot/ws/spot-ws-client.js';
export type { KrakenSpotWsClientOptions, KrakenSpotWsEvents } from './kraken/spot/ws/spot-ws-client.js';
export type {
  SpotWsChannel,
  SpotWsChannelMessage,
  SpotWsChannelMessages,
  SpotWsMethod,
  SpotWsReply,
  SpotWsRequestParams,
  SpotWsAck,
  SpotSubscribableChannel,
  SpotSubscribeParamsOf,
  SpotUnsubscribeParamsOf,
} from './kraken/spot/ws/types.js';
export type { SpotStaleEvent, SpotStalenessThresholds } from './kraken/spot/ws/staleness-guard.js';
export { SPOT_WS_URLS } from './kraken/spot/ws/urls.js';
export type { SpotWsEndpoint } from './kraken/spot/ws/urls.js';
export { KrakenFuturesWsClient } from './kraken/futures/ws/futures-ws-client.js';
export type { KrakenFuturesWsClientOptions, KrakenFuturesWsEvents } from './kraken/futures/ws/futures-ws-client.js';
export type {
  FuturesWsFeedMessage,
  FuturesWsFeedMessages,
  FuturesSubscribableFeed,
  FuturesSubscribeParams,
} from './kraken/futures/ws/types.js';
export { FUTURES_WS_URLS } from './kraken/futures/ws/urls.js';
export type { FuturesWsEnvironment } from './kraken/futures/ws/urls.js';
// Unified WebSocket (derivatives today; replaces the Derivatives REST and WS on 1 March 2027)
export { KrakenUnifiedWsClient } from './kraken/unified/uws-client.js';
export type { KrakenUnifiedWsClientOptions, KrakenUnifiedWsEvents } from './kraken/unified/uws-client.js';
export type {
  UwsAck,
  UwsAssetClass,
  UwsChannel,
  UwsChannelMessage,
  UwsChannelMessages,
  UwsMethod,
  UwsReply,
  UwsRequestParams,
  UwsSubscribableChannel,
  UwsSubscribeParamsOf,
  UwsUnsubscribeParamsOf,
} from './kraken/unified/types.js';
export { UNIFIED_WS_URLS, LEGACY_FUTURES_API_END_DATE } from './kraken/unified/urls.js';
export type { UnifiedWsEndpoint } from './kraken/unified/urls.js';
export { ResilientWsConnection, DEFAULT_MAX_PAYLOAD_BYTES } from './transport/ws/connection.js';
export type { WsConnectionOptions, WsConnectionEvents, WsDisconnectInfo, WsSession, WsLink } from './transport/ws/connection.js';
export { WsConnectionState, WS_TRANSITIONS } from './transport/ws/state-machine.js';
export { DEFAULT_BACKOFF, DEFAULT_RECONNECT_BUDGET, fullJitterDelayMs } from './transport/ws/backoff.js';
export type { BackoffPolicy, ReconnectBudgetPolicy } from './transport/ws/backoff.js';
export type { RandomSource } from './transport/ws/backoff.js';
export type { WsClientTuning } from './transport/ws/client-options.js';

// --- order books --------------------------------------------------------------------------
export { SpotOrderBook, SPOT_BOOK_DEPTHS } from './kraken/spot/book/spot-order-book.js';
export type { SpotOrderBookOptions } from './kraken/spot/book/spot-order-book.js';
export { spotBookChecksum } from './kraken/spot/book/checksum.js';
export { FuturesOrderBook } from './kraken/futures/book/futures-order-book.js';
export type { FuturesOrderBookOptions } from './kraken/futures/book/futures-order-book.js';
export type { BookApplyResult, BookLevel, BookRejectReason } from './kraken/book/types.js';
export type { ResyncOptions, ResyncRequest } from './kraken/book/resync-policy.js';

// --- model --------------------------------------------------------------------------------
// The model's exact fixed-point decimal, exported as FixedDecimal so it is not mistaken for decimal.js.
export { Decimal as FixedDecimal, Price, Quantity, minOf, maxOf } from './model/values.js';
export type { RoundingMode } from './model/values.js';
export { Currency, Money } from './model/money.js';
export type { CurrencyType } from './model/money.js';
export {
  Symbol,
  Venue,
  InstrumentId,
  ClientOrderId,
  VenueOrderId,
  TradeId,
  TraderId,
  ClientId,
  PositionId,
  StrategyId,
  AccountId,
} from './model/identifiers.js';
export {
  OrderSide,
  OrderType,
  TimeInForce,
  TriggerType,
  TrailingOffsetType,
  OrderStatus,
  LiquiditySide,
  AggressorSide,
  PositionSide,
  AccountType,
  BookAction,
  BookSide,
  MarketStatusAction,
  oppositeSide,
} from './model/enums.js';
export { Instrument, CurrencyPair, CryptoPerpetual, CryptoFuture } from './model/instruments.js';
export type { InstrumentInit, CryptoFutureInit, InstrumentClass, AnyInstrument } from './model/instruments.js';
export { QuoteTick, TradeTick, MarkPriceUpdate, IndexPriceUpdate, FundingRateUpdate, InstrumentStatus } from './model/market-data.js';
export { BookOrder, OrderBookDelta, OrderBookDeltas, OrderBook, F_LAST, F_SNAPSHOT } from './model/order-book.js';
export type { BookLevel as OrderBookLevel } from './model/order-book.js';
export { Bar, BarType, BarSpecification, BarAggregation, PriceType, AggregationSource } from './model/bar.js';
export type { BarInit } from './model/bar.js';
export {
  OrderInitialized,
  OrderDenied,
  OrderSubmitted,
  OrderAccepted,
  OrderRejected,
  OrderCanceled,
  OrderExpired,
  OrderTriggered,
  OrderPendingUpdate,
  OrderPendingCancel,
  OrderModifyRejected,
  OrderCancelRejected,
  OrderUpdated,
  OrderFilled,
} from './model/order-events.js';
export type { OrderEvent, OrderEventKind, OrderParams, OrderInitializedInit, OrderFilledInit } from './model/order-events.js';
export { Order } from './model/order.js';
export { ORDER_TRANSITIONS, isTerminalStatus, isInflightStatus, isOpenStatus } from './model/order-fsm.js';
export { OrderStatusReport, FillReport, PositionStatusReport, ExecutionMassStatus } from './model/reports.js';
export type { OrderStatusReportInit, FillReportInit, PositionStatusReportInit } from './model/reports.js';
export { AccountState, AccountBalance, MarginBalance } from './model/account.js';
export type { AccountStateInit } from './model/account.js';
export { Position } from './model/position.js';

// --- node ---------------------------------------------------------------------------------
export { TradingNode } from './node/trading-node.js';
export type { TradingNodeConfig, NodeState } from './node/trading-node.js';
export { Strategy } from './node/strategy.js';
export type { StrategyConfig, StrategyContext } from './node/strategy.js';
export { OrderFactory, uuidClientOrderIds } from './node/order-factory.js';
export type { ClientOrderIdGenerator } from './node/order-factory.js';
export { MessageBus, Topics, topic } from './node/message-bus.js';
export type { Topic } from './node/message-bus.js';
export { Cache } from './node/cache.js';
export type { OrderFilter } from './node/cache.js';
export { DataEngine } from './node/data-engine.js';
export type { DataStream } from './node/data-engine.js';
export { TimeBarAggregator, KRAKEN_OHLC_INTERVALS_MINS } from './node/bar-aggregator.js';
export { ExecutionEngine, isDefinitiveRejection } from './node/execution-engine.js';
export type { ModifyRequest } from './node/execution-engine.js';
export { ExecutionChecks } from './node/exec-checks.js';
export type { ExecEngineConfig } from './node/exec-checks.js';
export type { ReconciliationResult } from './node/reconciliation.js';
export { RiskEngine } from './node/risk-engine.js';
export type { RiskEngineConfig, TradingState } from './node/risk-engine.js';
export { PositionEvent } from './node/position-events.js';
export type { PositionEventKind } from './node/position-events.js';
export { BoundedFifoSet } from './node/bounded-set.js';
export { NodeClock, NANOS_PER_SECOND, NANOS_PER_MILLI, secsToNs } from './node/clock.js';
export type { NodeClockOptions, TimerCallback } from './node/clock.js';
export { createLogger, consoleSink, memorySink, redactFields, REDACTED, effectiveLogLevel, LOG_LEVEL_VARIABLE } from './node/logger.js';
export { rememberSecret, maskKnownSecrets } from './core/secret-values.js';
export type { Logger, LogLevel, LogRecord, LogSink, LogFields, LoggerConfig } from './node/logger.js';
export type {
  LiveDataClient,
  LiveExecutionClient,
  LiveDataClientFactory,
  LiveExecClientFactory,
  DataClientContext,
  ExecClientContext,
  MarketData,
  TimeRange,
  BookSubscription,
  OrderStatusQuery,
  ReportQuery,
} from './node/clients.js';
export type {
  SubmitOrder,
  SubmitOrderList,
  ModifyOrder,
  CancelOrder,
  CancelAllOrders,
  TradingCommand,
  SupportResult,
} from './node/commands.js';

// --- adapter ------------------------------------------------------------------------------
export {
  KRAKEN,
  KRAKEN_VENUE,
  KrakenEnvironment,
  KrakenProductType,
  KrakenSpotAccountType,
  DEFAULT_MARGIN_BALANCE_ASSET,
} from './adapter/constants.js';
export { KRAKEN_CLIENT_DEFAULTS } from './adapter/config.js';
export type {
  KrakenClientConfigCommon,
  KrakenDataClientConfig,
  KrakenExecClientConfig,
  ResolvedKrakenClientConfig,
  ResolvedKrakenDataClientConfig,
  ResolvedKrakenExecClientConfig,
} from './adapter/config.js';
export { parseKrakenDataClientConfig, parseKrakenExecClientConfig } from './adapter/config-parse.js';
export type { ConfigParseOptions } from './adapter/config-parse.js';
export { KRAKEN_CREDENTIAL_VARIABLES, credentialVariablesFor, resolveKrakenCredentials } from './adapter/credentials.js';
export type { KrakenCredentialSet, ProductCredentials, CredentialVariables, EnvironmentVariables } from './adapter/credentials.js';
export {
  KRAKEN_LEGACY_ASSET_CODES,
  normalizeAssetCode,
  legacyCodesOf,
  normalizeSlashPair,
} from './kraken/common/symbology/legacy-codes.js';
export { KrakenPairTable, pairNamesOf } from './kraken/common/symbology/pair-table.js';
export type { KrakenPairNames, AssetPairNaming, AssetNaming } from './kraken/common/symbology/pair-table.js';
export { KrakenInstrumentProvider } from './adapter/instruments/provider.js';
export type {
  KrakenInstrumentProviderOptions,
  SpotInstrumentSource,
  FuturesInstrumentSource,
  PeriodicReloadHandlers,
} from './adapter/instruments/provider.js';
export { diffInstruments, changedFields, instrumentFields } from './adapter/instruments/instrument-diff.js';
export type { KrakenInstrumentInfo, InstrumentReload, InstrumentChange } from './adapter/instruments/instrument-diff.js';
export { parseSpotInstrument, parseSpotInstruments } from './adapter/instruments/spot-instruments.js';
export type { SpotInstrumentInfo, SpotInstrumentsParse, ParseFailure } from './adapter/instruments/spot-instruments.js';
export { parseFuturesInstrument, parseFuturesInstruments } from './adapter/instruments/futures-instruments.js';
export type { FuturesInstrumentInfo, KrakenMarginTier } from './adapter/instruments/futures-instruments.js';
export { currencySpecsFromAssets, currencyOf } from './adapter/instruments/currencies.js';
export type { CurrencySpec } from './adapter/instruments/currencies.js';
export { KrakenSpotHttpClient, SPOT_DEPTH_MAX } from './adapter/http/spot-http-client.js';
export type { KrakenSpotHttpClientOptions, HistoryRequestOptions, SpotBarsOptions } from './adapter/http/spot-http-client.js';
export { KrakenFuturesHttpClient } from './adapter/http/futures-http-client.js';
export type { KrakenFuturesHttpClientOptions, FuturesInstrumentsLoad } from './adapter/http/futures-http-client.js';
export { CandleAggregator } from './adapter/http/candles.js';
export type { KrakenCandle, CandleTrade } from './adapter/http/candles.js';
export { KRAKEN_SPOT_OHLC_MINUTES } from './adapter/http/spot-bars.js';
export type { TradePagingProgress } from './adapter/http/spot-trade-pages.js';
export { KrakenDataClient } from './adapter/data/kraken-data-client.js';
export type { KrakenDataClientOptions } from './adapter/data/kraken-data-client.js';
export { KrakenLiveDataClientFactory } from './adapter/data/factory.js';
export type { KrakenLiveDataClientFactoryOptions } from './adapter/data/factory.js';
// Execution reports: wire → report builders and the sources that page them (src/adapter/execution/reports/).
export {
  SpotReportSource,
  FuturesReportSource,
  spotMassStatus,
  futuresMassStatus,
  instrumentLookup,
  instrumentLookupFromProvider,
  parseSpotOrder,
  parseSpotOrders,
  parseSpotTrade,
  parseSpotTrades,
  aggregateMarginPositions,
  parseSpotMarginPositions,
  flatReportsForMissing,
  parseBalanceEx,
  parseTradeBalance,
  marginMetricsLine,
  walletPositionReports,
  DEFAULT_SPOT_POSITIONS_QUOTE_CURRENCY,
  parseFuturesOpenOrder,
  parseFuturesOpenOrders,
  parseFuturesOrderHistory,
  indexFuturesExecutions,
  parseFuturesFill,
  parseFuturesFills,
  parseFuturesPosition,
  parseFuturesPositions,
  parseFuturesAccounts,
} from './adapter/execution/reports/index.js';
export type {
  ReportContext,
  ReportInstrumentLookup,
  ReportFailure,
  ParsedReports,
  FetchedReports,
  ReportWindow,
  SpotReportSourceOptions,
  FuturesReportSourceOptions,
  ProductMassStatus,
  SpotMassStatusOptions,
  MassStatusOptions,
  SpotBalances,
  SpotMarginFigures,
  FuturesAccountFigures,
  MarginPositionAggregate,
} from './adapter/execution/reports/index.js';
export type { BookState } from './adapter/data/market-feed.js';
export type { DataWsTuning } from './adapter/data/data-transports.js';
export { KrakenExecutionClient } from './adapter/execution/kraken-execution-client.js';
export type { KrakenExecutionClientOptions } from './adapter/execution/kraken-execution-client.js';
export { KrakenLiveExecClientFactory, KRAKEN_PRODUCT_BUILDERS } from './adapter/execution/factory.js';
export type { KrakenLiveExecClientFactoryOptions } from './adapter/execution/factory.js';
export type { ProductBuilders } from './adapter/execution/exec-session.js';
export type {
  ProductAccountSnapshot,
  ProductBuilder,
  ProductContext,
  ProductEventHandler,
  ProductExecution,
} from './adapter/execution/product-execution.js';
// Kraken Futures' half of the execution client (src/adapter/execution/futures/).
export { FuturesExecution } from './adapter/execution/futures/futures-execution.js';
export type { FuturesExecutionOptions } from './adapter/execution/futures/futures-execution.js';
export type { DeadManSwitchEvent, DeadManSwitchAction } from './adapter/execution/futures/futures-dead-man-switch.js';
export type { FuturesModify } from './adapter/execution/futures/futures-order-entry.js';
export { encodeFuturesOrder, encodeFuturesEdit, encodeFuturesBatchEdit } from './adapter/execution/futures/futures-order-encoding.js';
export type { FuturesOrderParams, FuturesEditParams } from './adapter/execution/futures/futures-order-encoding.js';
export { futuresSupports } from './adapter/execution/futures/futures-support.js';

// --- simulator ----------------------------------------------------------------------------
// The Kraken simulator is its own entry point, `krakenkit/sim` (src/sim/index.ts); nothing of it
// is exported here.
