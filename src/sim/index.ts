/**
 * `krakenkit/sim`: the Kraken simulator's public entry, for tests and tools that run a Kraken
 * client against it. Start it with `startKrakenSim`, drive its time with core's `ManualClock`,
 * inject faults through `sim.faults`, and reach the venue behind it through `sim.engine`.
 * Everything else in `src/sim/` (servers, limiters, auth, the engine's internals) is private.
 * Every export is named here on purpose; nothing is re-exported with `*`.
 */

// --- starting it, its options and its answers ---------------------------------------------
export { startKrakenSim, DEFAULT_SPOT_BALANCES, DEFAULT_FUTURES_BALANCES } from './start.js';
export type { KrakenSim, KrakenSimOptions, KrakenSimUrls, RateLimitRefusals, SimAccountConfig, SimAccountCredentials } from './start.js';
export type { VenueStatus, SimInternalError, SimRequestRecord } from './server/context.js';
export type { DemoCredentials, SpotPermission, FuturesAccess } from './auth/credentials.js';
export type { KrakenTier } from './limits/tiers.js';

// --- clock control ------------------------------------------------------------------------
export { ManualClock, systemClock } from '../core/clock.js';
export type { Clock, TimerHandle } from '../core/clock.js';

// --- faults -------------------------------------------------------------------------------
export type { FaultController, FaultHandle, FiredFault, FiredFaultKind, WsCloseCode } from './faults/fault-controller.js';
export { parseFaultSpec, validateFaultRule, FAULT_KINDS } from './faults/fault-rules.js';
export type {
  FaultRule,
  FaultKind,
  WsTarget,
  WsMessageFault,
  WsSilenceFault,
  HttpFault,
  VenueErrorFault,
  OrderAckFault,
} from './faults/fault-rules.js';

// --- the venue behind it (sim.engine) -----------------------------------------------------
export { SimVenueError } from './engine/errors.js';
export { parseKrakenPrice } from './engine/price-input.js';
export type { SimEngineApi, MarketGeneratorOptions, ReplayMessage } from './engine/types/engine.js';
export type { SimEvent, SimEventListener, SpotExecType, SpotFillInfo } from './engine/types/events.js';
export type { Dec, Side, DeadManSwitchResult } from './engine/types/common.js';
export type {
  SpotAssetSpec,
  SpotPairSpec,
  FeeTier,
  FuturesProductSpec,
  FuturesProductType,
  FuturesMarginLevel,
} from './engine/types/instruments.js';
export type { SimSpotVenue } from './engine/types/spot-venue.js';
export type {
  SpotOrderType,
  SpotTimeInForce,
  TriggerReference,
  PriceInput,
  SpotCloseSpec,
  SpotOrderRequest,
  SpotAddOrderResult,
  SpotBatchRow,
  SpotAmendRequest,
  SpotAmendResult,
  SpotEditRequest,
  SpotEditResult,
  SpotCancelSelector,
  SpotCancelResult,
  ClosedOrdersQuery,
  TradesHistoryQuery,
} from './engine/types/spot-requests.js';
export type {
  SpotOrderStatus,
  SpotExecOrderStatus,
  SpotOrderView,
  SpotTradeView,
  SpotBalanceView,
  SpotLedgerEntry,
  SpotTradeBalanceView,
  SpotPositionView,
  SpotAmendView,
} from './engine/types/spot-views.js';
export type {
  BookLevelView,
  LevelChange,
  SpotBookView,
  PublicTrade,
  SpotTickerView,
  OhlcInterval,
  CandleView,
} from './engine/types/market-views.js';
export type { SimFuturesVenue } from './engine/types/futures-venue.js';
export type {
  FuturesOrderType,
  FuturesTriggerSignal,
  FuturesSendStatus,
  FuturesOrderRequest,
  FuturesEditRequest,
  FuturesBatchInstruction,
} from './engine/types/futures-requests.js';
export type {
  FuturesOrderView,
  FuturesOrderEvent,
  FuturesOrderResult,
  FuturesCancelAllResult,
  FuturesBatchStatus,
  FuturesFillType,
  FuturesFillView,
  FuturesHistoryEvent,
} from './engine/types/futures-orders.js';
export type {
  FuturesPositionView,
  FuturesFlexAccountView,
  FuturesMarginAccountView,
  FuturesAccountsView,
  FuturesTickerView,
  FundingRateView,
  FuturesCandleView,
} from './engine/types/futures-views.js';
