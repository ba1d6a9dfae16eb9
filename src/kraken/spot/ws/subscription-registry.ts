/**
 * The Spot WS v2 subscription registry: the shared v2 registry (`../../common/v2/`) with Spot's
 * identifying options — `book` and `level3` `depth`, `ohlc` `interval`, `ticker` `event_trigger`
 * (the generated `UnsubscribeRequest` schema accepts exactly these) — and their defaults (`depth`
 * 10, `event_trigger` "trades"), so that `{depth: 10}` and an omitted depth are one subscription.
 */
import { V2SubscriptionRegistry, type IdentityTable } from '../../common/v2/subscription-registry.js';

const SPOT_IDENTITY: IdentityTable = {
  ticker: { event_trigger: 'trades' },
  book: { depth: 10 },
  ohlc: { interval: undefined },
  level3: { depth: 10 },
};

/** Channels whose subscription carries the session token. */
export const SPOT_PRIVATE_CHANNELS: ReadonlySet<string> = new Set(['executions', 'balances', 'level3']);

export class SpotSubscriptionRegistry extends V2SubscriptionRegistry {
  constructor() {
    super(SPOT_IDENTITY);
  }
}

export type {
  V2SubscriptionGroup as SpotSubscriptionGroup,
  V2UnsubscribeTarget as SpotUnsubscribeTarget,
} from '../../common/v2/subscription-registry.js';
