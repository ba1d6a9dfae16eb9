/**
 * The Spot WS v2 client's subscribe / unsubscribe requests: the shared v2 layer
 * (`../../common/v2/subscriptions.ts`: on demand, replay on each new socket, resync) with the Spot
 * registry and Spot's generated encoders. A subscription refused before it is sent, or by the
 * venue, is forgotten, so that a reconnect does not replay it.
 */
import { encodeSubscribeRequest, encodeUnsubscribeRequest } from '../../../../generated/spot-ws-v2/encoders.gen.js';
import { V2Subscriptions, type V2AckListener, type V2RequestIo } from '../../common/v2/subscriptions.js';
import { SpotSubscriptionRegistry } from './subscription-registry.js';
import type { SubscribeResponse, UnsubscribeResponse } from './types.js';

export type SpotRequestIo = V2RequestIo<SubscribeResponse | UnsubscribeResponse>;
export type SpotAckListener = V2AckListener;

export class SpotSubscriptions extends V2Subscriptions<SubscribeResponse, UnsubscribeResponse> {
  constructor(io: SpotRequestIo, onAcked: SpotAckListener) {
    super(new SpotSubscriptionRegistry(), { subscribe: encodeSubscribeRequest, unsubscribe: encodeUnsubscribeRequest }, io, onAcked);
  }

  /** Resyncs the registered symbols of `channel` named by `params.symbol` (all of them when absent). */
  resync(channel: string, params: Readonly<Record<string, unknown>>): Promise<void> {
    const symbols = Array.isArray(params['symbol']) ? (params['symbol'] as unknown[]).map(String) : null;
    return this.resyncSymbols(channel, symbols);
  }
}
