/**
 * The Spot client's single-decode route: a frame written the way Kraken writes it goes from the
 * socket's text straight to its decoder, without the generic lossless parse and validator.
 *
 * - `trade` and `ticker`: decoded here into the same typed messages the generic route produces
 *   (channel-text-decoders.ts), then delivered as usual (`message` and channel events).
 * - `book`: handed as text to the handler a consumer registered (`routeBookText`), typically a
 *   verified book that decodes the text itself; a frame it consumes is not emitted as an event.
 *
 * Anything not decoded here (another channel, an unusual layout, a malformed frame) goes on to
 * the generic route, which accepts or refuses it exactly as before.
 */
import { decodeSpotTickerText, decodeSpotTradeText, textRouteOf } from './channel-text-decoders.js';
import type { SpotWsChannelMessage } from './types.js';

/** Takes a raw `book` frame; true if it decoded and handled it, false to send it the generic way. */
export type SpotBookTextHandler = (text: string) => boolean;

export class SpotTextRoute {
  book: SpotBookTextHandler | undefined;

  constructor(
    private readonly deliver: (channel: string, message: SpotWsChannelMessage) => void,
    private readonly bookTouched: (text: string) => void,
  ) {}

  /** True if the frame was decoded and handled on this route. */
  handle(text: string): boolean {
    const route = textRouteOf(text);
    if (route === 0) return false;
    if (route === 1) {
      const handler = this.book;
      if (handler === undefined || !handler(text)) return false;
      this.bookTouched(text);
      return true;
    }
    const message = route === 2 ? decodeSpotTradeText(text) : decodeSpotTickerText(text);
    if (message === undefined) return false;
    this.deliver(message.channel, message);
    return true;
  }
}
