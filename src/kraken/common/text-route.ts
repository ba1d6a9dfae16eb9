/**
 * A client's single-decode route: a frame written the way Kraken writes it goes from the socket's
 * text straight to its decoder, without the generic lossless parse and validator. Shared by the
 * Spot WS v2, Futures WS v1 and Unified WebSocket clients; each gives its own router and decoders.
 *
 * - book frames: handed as text to the handler a consumer registered (`book`), typically a
 *   verified book that decodes the text itself; a frame it consumes is not emitted as an event;
 * - other routed frames (trade, ticker): decoded into the same typed message the generic route
 *   produces, then delivered as usual.
 *
 * Anything not decoded here (another channel, an unusual layout, a malformed frame) goes on to the
 * generic route, which accepts or refuses it exactly as before.
 */

/** Takes a raw book frame; true if it decoded and handled it, false to send it the generic way. */
export type BookTextHandler = (text: string) => boolean;

/** A single-pass decoder: the message the generic route would deliver, or `undefined` (take the generic route). */
export type TextDecoder<M> = (text: string) => M | undefined;

/** Where a frame goes: 0 the generic route, 1 the book handler, n ≥ 2 `decoders[n - 2]`. */
export type TextRouter = (text: string) => number;

export const GENERIC_ROUTE = 0;
export const BOOK_ROUTE = 1;

export class TextRoute<M> {
  book: BookTextHandler | undefined;

  constructor(
    private readonly routeOf: TextRouter,
    private readonly decoders: readonly TextDecoder<M>[],
    private readonly deliver: (message: M) => void,
    private readonly bookTouched?: (text: string) => void,
  ) {}

  /** True if the frame was decoded and handled on this route. */
  handle(text: string): boolean {
    const route = this.routeOf(text);
    if (route === GENERIC_ROUTE) return false;
    if (route === BOOK_ROUTE) {
      const handler = this.book;
      if (handler === undefined || !handler(text)) return false;
      this.bookTouched?.(text);
      return true;
    }
    const message = this.decoders[route - 2]?.(text);
    if (message === undefined) return false;
    this.deliver(message);
    return true;
  }
}
