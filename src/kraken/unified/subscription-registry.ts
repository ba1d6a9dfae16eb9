/**
 * The Unified WebSocket subscription registry: the shared v2 registry (`../common/v2/`) with the
 * UWS identifying options (`asset_class`; `book` `depth`; `ohlc` `interval` and `tick_type`: what
 * the generated `UnsubscribeRequest` schema accepts) and their defaults (`depth` 10, `tick_type`
 * trade).
 *
 * `margin` and `positions` allow one subscription per connection (a second is refused with
 * "Already subscribed to … channel"): the registry holds at most one group of each, and a second
 * one with other options is refused here, before anything is sent.
 */
import { V2SubscriptionRegistry, type IdentityTable } from '../common/v2/subscription-registry.js';

const UWS_IDENTITY: IdentityTable = {
  book: { asset_class: undefined, depth: 10 },
  ticker: { asset_class: undefined },
  trade: { asset_class: undefined },
  ohlc: { asset_class: undefined, interval: undefined, tick_type: 'trade' },
  instrument: { asset_class: undefined },
  executions: { asset_class: undefined },
  balances: { asset_class: undefined },
  margin: { asset_class: undefined },
  positions: { asset_class: undefined },
};

/** Channels whose subscription carries the session token. */
export const UWS_PRIVATE_CHANNELS: ReadonlySet<string> = new Set(['executions', 'balances', 'margin', 'positions']);
/** Channels Kraken allows once per connection. */
export const UWS_ONE_PER_CONNECTION: ReadonlySet<string> = new Set(['margin', 'positions']);

export class UwsSubscriptionRegistry extends V2SubscriptionRegistry {
  constructor() {
    super(UWS_IDENTITY, UWS_ONE_PER_CONNECTION);
  }
}

export type {
  V2SubscriptionGroup as UwsSubscriptionGroup,
  V2UnsubscribeTarget as UwsUnsubscribeTarget,
} from '../common/v2/subscription-registry.js';
