/**
 * The Unified WebSocket client's subscribe / unsubscribe requests: the shared v2 layer
 * (`../common/v2/subscriptions.ts`: on demand, replay on each new socket, resync) with the UWS
 * registry (one `margin` and one `positions` per connection) and the UWS generated encoders.
 */
import { encodeSubscribeRequest, encodeUnsubscribeRequest } from '../../../generated/unified-ws/encoders.gen.js';
import { V2Subscriptions, type V2RequestIo } from '../common/v2/subscriptions.js';
import { UwsSubscriptionRegistry } from './subscription-registry.js';
import type { UwsSubscribeResponse, UwsUnsubscribeResponse } from './types.js';

export type UwsRequestIo = V2RequestIo<UwsSubscribeResponse | UwsUnsubscribeResponse>;

export class UwsSubscriptions extends V2Subscriptions<UwsSubscribeResponse, UwsUnsubscribeResponse> {
  constructor(io: UwsRequestIo) {
    super(new UwsSubscriptionRegistry(), { subscribe: encodeSubscribeRequest, unsubscribe: encodeUnsubscribeRequest }, io);
  }

  /** Resyncs the registered symbols of `channel` (all of them when `symbols` is null). */
  resync(channel: string, symbols: readonly string[] | null): Promise<void> {
    return this.resyncSymbols(channel, symbols);
  }
}
