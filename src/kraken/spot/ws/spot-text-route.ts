/**
 * The Spot client's single-decode route (the shared `TextRoute`, src/kraken/common/text-route.ts):
 *
 * - `trade` and `ticker`: decoded here into the same typed messages the generic route produces
 *   (channel-text-decoders.ts), then delivered as usual (`message` and channel events).
 * - `book`: handed as text to the handler a consumer registered (`routeBookText`), typically a
 *   verified book that decodes the text itself; a frame it consumes is not emitted as an event.
 *
 * Anything not decoded here (another channel, an unusual layout, a malformed frame) goes on to
 * the generic route, which accepts or refuses it exactly as before.
 */
import { type BookTextHandler, TextRoute } from '../../common/text-route.js';
import { v2TextRouteOf } from '../../common/v2/channel-text.js';
import { decodeSpotTickerText, decodeSpotTradeText } from './channel-text-decoders.js';
import type { SpotWsChannelMessage } from './types.js';

/** Takes a raw `book` frame; true if it decoded and handled it, false to send it the generic way. */
export type SpotBookTextHandler = BookTextHandler;

export class SpotTextRoute extends TextRoute<SpotWsChannelMessage> {
  constructor(deliver: (channel: string, message: SpotWsChannelMessage) => void, bookTouched: (text: string) => void) {
    super(v2TextRouteOf, [decodeSpotTradeText, decodeSpotTickerText], (m) => deliver(m.channel, m), bookTouched);
  }
}
