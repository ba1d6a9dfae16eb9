/** Message types of the Futures WS v1 client, from the generated schema types. */
import type {
  AccountLogDelta,
  AccountLogSnapshot,
  BalancesDelta,
  BalancesSnapshot,
  BookDelta,
  BookSnapshot,
  ErrorEvent,
  FillsDelta,
  FillsSnapshot,
  HeartbeatMessage,
  InfoEvent,
  NotificationsMessage,
  OpenOrdersDelta,
  OpenOrdersSnapshot,
  OpenOrdersVerboseDelta,
  OpenOrdersVerboseSnapshot,
  OpenPositionsMessage,
  SubscribeRequest,
  SubscribedEvent,
  SubscribedFailedEvent,
  TickerLiteMessage,
  TickerMessage,
  TradeMessage,
  TradeSnapshot,
  UnsubscribedEvent,
  UnsubscribedFailedEvent,
} from '../../../../generated/futures-ws/types.gen.js';

/** Feed messages by the `feed` value they carry (snapshots use the `_snapshot` suffix). */
export type FuturesWsFeedMessages = {
  book: BookDelta;
  book_snapshot: BookSnapshot;
  ticker: TickerMessage;
  ticker_lite: TickerLiteMessage;
  trade: TradeMessage;
  trade_snapshot: TradeSnapshot;
  heartbeat: HeartbeatMessage;
  open_orders: OpenOrdersDelta;
  open_orders_snapshot: OpenOrdersSnapshot;
  open_orders_verbose: OpenOrdersVerboseDelta;
  open_orders_verbose_snapshot: OpenOrdersVerboseSnapshot;
  fills: FillsDelta;
  fills_snapshot: FillsSnapshot;
  open_positions: OpenPositionsMessage;
  balances: BalancesDelta;
  balances_snapshot: BalancesSnapshot;
  account_log: AccountLogDelta;
  account_log_snapshot: AccountLogSnapshot;
  notifications_auth: NotificationsMessage;
};
export type FuturesWsFeedMessage = FuturesWsFeedMessages[keyof FuturesWsFeedMessages];

/** Feeds one can subscribe to (the request's `feed`). */
export type FuturesSubscribableFeed = SubscribeRequest['feed'];

/** Subscribe/unsubscribe params: `product_ids` where the feed takes them; auth fields are added by the client. */
type RequestFor<F> = SubscribeRequest extends infer R ? (R extends { feed: infer G } ? (F extends G ? R : never) : never) : never;
export type FuturesSubscribeParams<F extends FuturesSubscribableFeed> =
  RequestFor<F> extends infer R
    ? R extends { product_ids: unknown }
      ? { product_ids: readonly [string, ...string[]] | string[] }
      : R extends { product_ids?: unknown }
        ? { product_ids?: readonly string[] }
        : Record<string, never>
    : never;

/** Events (acks, challenge, errors, info) as received; challenge fields in acks are redacted before emitting. */
export type FuturesWsEventFrame =
  SubscribedEvent | SubscribedFailedEvent | UnsubscribedEvent | UnsubscribedFailedEvent | ErrorEvent | InfoEvent;
