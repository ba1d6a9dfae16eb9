/** Message types of the Spot WS v2 client, from the generated schema types. */
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
  EditOrderRequest,
  EditOrderResponse,
  ExecutionsMessage,
  HeartbeatMessage,
  InstrumentMessage,
  Level3Snapshot,
  Level3Update,
  OhlcMessage,
  PongResponse,
  StatusMessage,
  SubscribeRequest,
  SubscribeResponse,
  TickerMessage,
  TradeMessage,
  UnsubscribeRequest,
  UnsubscribeResponse,
} from '../../../../generated/spot-ws-v2/types.gen.js';

type WithoutToken<P> = P extends unknown ? Omit<P, 'token'> : never;

/** Channel messages by channel name. */
export type SpotWsChannelMessages = {
  ticker: TickerMessage;
  book: BookSnapshot | BookUpdate;
  trade: TradeMessage;
  ohlc: OhlcMessage;
  instrument: InstrumentMessage;
  executions: ExecutionsMessage;
  balances: BalancesSnapshot | BalancesUpdate;
  level3: Level3Snapshot | Level3Update;
  status: StatusMessage;
  heartbeat: HeartbeatMessage;
};
export type SpotWsChannel = keyof SpotWsChannelMessages;
export type SpotWsChannelMessage = SpotWsChannelMessages[SpotWsChannel];

/** Subscribe params without `token` (the client adds the session token to private channels). */
export type SpotSubscribeParams = WithoutToken<SubscribeRequest['params']>;
export type SpotUnsubscribeParams = WithoutToken<UnsubscribeRequest['params']>;
export type SpotSubscribableChannel = SpotSubscribeParams['channel'];
export type SpotSubscribeParamsOf<C extends SpotSubscribableChannel> = Omit<Extract<SpotSubscribeParams, { channel: C }>, 'channel'>;
export type SpotUnsubscribeParamsOf<C extends SpotSubscribableChannel> = Omit<Extract<SpotUnsubscribeParams, { channel: C }>, 'channel'>;

/** Trading and session methods sent with `request()`. */
export type SpotWsRequests = {
  add_order: AddOrderRequest;
  amend_order: AmendOrderRequest;
  edit_order: EditOrderRequest;
  cancel_order: CancelOrderRequest;
  cancel_all: CancelAllRequest;
  cancel_all_orders_after: CancelAllOrdersAfterRequest;
  batch_add: BatchAddRequest;
  batch_cancel: BatchCancelRequest;
};
export type SpotWsMethod = keyof SpotWsRequests;
export type SpotWsRequestParams<M extends SpotWsMethod> = WithoutToken<SpotWsRequests[M]['params']>;

export type SpotWsResponses = {
  add_order: AddOrderResponse;
  amend_order: AmendOrderResponse;
  edit_order: EditOrderResponse;
  cancel_order: CancelOrderResponse;
  cancel_all: CancelAllResponse;
  cancel_all_orders_after: CancelAllOrdersAfterResponse;
  batch_add: BatchAddResponse;
  batch_cancel: BatchCancelResponse;
};

/**
 * What `request()` resolves with, per method. `cancel_order` answers once per order it names, so
 * it resolves with every answer — successful or not — in arrival order.
 * A mapped type (not a conditional one), so that a generic `M` indexes it without a cast.
 */
export type SpotWsReplies = { [M in SpotWsMethod]: M extends 'cancel_order' ? CancelOrderResponse[] : SpotWsResponses[M] };
export type SpotWsReply<M extends SpotWsMethod> = SpotWsReplies[M];

/** Any method response (ack) the venue sends. */
export type SpotWsAck = SpotWsResponses[SpotWsMethod] | SubscribeResponse | UnsubscribeResponse | PongResponse;

export type { SubscribeResponse, UnsubscribeResponse };
