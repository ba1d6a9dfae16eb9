/** Message types of the Unified WebSocket client, from the generated schema types. */
import type {
  AddOrderRequest,
  AddOrderResponse,
  AmendOrderRequest,
  AmendOrderResponse,
  BalancesSnapshot,
  BalancesUpdate,
  BatchAddRequest,
  BatchAddResponse,
  BatchCancelRequest,
  BatchCancelResponse,
  BookSnapshot,
  BookUpdate,
  CancelAllOrdersAfterRequest,
  CancelAllOrdersAfterResponse,
  CancelAllRequest,
  CancelAllResponse,
  CancelOrderRequest,
  CancelOrderResponse,
  ExecutionsMessage,
  HeartbeatMessage,
  InstrumentMessage,
  MarginMultiCollateral,
  MarginSingleCollateral,
  OhlcMessage,
  PongResponse,
  PositionsMessage,
  StatusMessage,
  SubscribeRequest,
  SubscribeResponse,
  TickerMessage,
  TradeMessage,
  UnsubscribeRequest,
  UnsubscribeResponse,
} from '../../../generated/unified-ws/types.gen.js';

/** `spot` is listed by Kraken's schemas but not live yet; `derivatives` is. */
export type UwsAssetClass = 'spot' | 'derivatives';

/** Removes `token` (the client adds the session token) and makes `asset_class` optional (the client fills in its default). */
type ClientParams<P> = P extends unknown ? Omit<P, 'token' | 'asset_class'> & { asset_class?: UwsAssetClass } : never;

/** Channel messages by channel name. */
export type UwsChannelMessages = {
  ticker: TickerMessage;
  book: BookSnapshot | BookUpdate;
  trade: TradeMessage;
  ohlc: OhlcMessage;
  instrument: InstrumentMessage;
  executions: ExecutionsMessage;
  balances: BalancesSnapshot | BalancesUpdate;
  margin: MarginMultiCollateral | MarginSingleCollateral;
  positions: PositionsMessage;
  status: StatusMessage;
  heartbeat: HeartbeatMessage;
};
export type UwsChannel = keyof UwsChannelMessages;
export type UwsChannelMessage = UwsChannelMessages[UwsChannel];

export type UwsSubscribeParams = ClientParams<SubscribeRequest['params']>;
export type UwsUnsubscribeParams = ClientParams<UnsubscribeRequest['params']>;
export type UwsSubscribableChannel = UwsSubscribeParams['channel'];
export type UwsSubscribeParamsOf<C extends UwsSubscribableChannel> = Omit<Extract<UwsSubscribeParams, { channel: C }>, 'channel'>;
export type UwsUnsubscribeParamsOf<C extends UwsSubscribableChannel> = Omit<Extract<UwsUnsubscribeParams, { channel: C }>, 'channel'>;

/** Trading methods sent with `request()`. */
export type UwsRequests = {
  add_order: AddOrderRequest;
  amend_order: AmendOrderRequest;
  cancel_order: CancelOrderRequest;
  cancel_all: CancelAllRequest;
  cancel_all_orders_after: CancelAllOrdersAfterRequest;
  batch_add: BatchAddRequest;
  batch_cancel: BatchCancelRequest;
};
export type UwsMethod = keyof UwsRequests;
export type UwsRequestParams<M extends UwsMethod> = ClientParams<UwsRequests[M]['params']>;

export type UwsResponses = {
  add_order: AddOrderResponse;
  amend_order: AmendOrderResponse;
  cancel_order: CancelOrderResponse;
  cancel_all: CancelAllResponse;
  cancel_all_orders_after: CancelAllOrdersAfterResponse;
  batch_add: BatchAddResponse;
  batch_cancel: BatchCancelResponse;
};

/**
 * What `request()` resolves with, per method. `cancel_order` is answered once per order it names
 * (assumed from Spot v2), so it resolves with every answer in arrival order.
 */
export type UwsReplies = { [M in UwsMethod]: M extends 'cancel_order' ? CancelOrderResponse[] : UwsResponses[M] };
export type UwsReply<M extends UwsMethod> = UwsReplies[M];

/** Any method response (ack) the venue sends. */
export type UwsAck = UwsResponses[UwsMethod] | SubscribeResponse | UnsubscribeResponse | PongResponse;

export type { SubscribeResponse as UwsSubscribeResponse, UnsubscribeResponse as UwsUnsubscribeResponse };
