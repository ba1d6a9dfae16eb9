/**
 * A Unified WebSocket L2 book: snapshot, then updates (absolute quantity per price, `0` deletes),
 * truncated to the subscribed depth, as the Spot v2 rules the UWS book page points to.
 *
 * Integrity: no UWS page says a derivative book frame carries a checksum or a sequence number, so
 * this book checks only what it can: every level is a non-negative decimal, the book is not
 * crossed, updates come after a snapshot, and the frame names this book's symbol. A lost frame
 * cannot be detected from the wire; the consumer is told so (see the data client's Unified feed).
 */
import { APPLY_OK, rejected, type BookApplyResult, type BookLevel } from '../book/types.js';
import { canonicalDecimal, compareCanonical } from '../book/decimal-text.js';
import { decodeUwsBookText } from './channel-text-decoders.js';

/** One row of a `book` frame as decoded (decimals as exact text). */
export interface UnifiedBookRow {
  readonly symbol: string;
  readonly bids?: readonly { readonly price: string; readonly qty: string }[];
  readonly asks?: readonly { readonly price: string; readonly qty: string }[];
  readonly timestamp?: string;
}

interface Level {
  /** Exact text as sent (what consumers get). */
  readonly price: string;
  readonly qty: string;
  /** Canonical price, for ordering and lookup. */
  readonly key: string;
}

export interface UnifiedLevelBookOptions {
  readonly symbol: string;
  readonly depth: number;
  /** Told when the book became unusable and needs a fresh snapshot. */
  readonly onResync?: (reason: string) => void;
}

export class UnifiedLevelBook {
  readonly symbol: string;
  readonly depth: number;
  #bids: Level[] = [];
  #asks: Level[] = [];
  #valid = false;
  #lastRow: UnifiedBookRow | undefined;
  #lastIsSnapshot = false;
  readonly #onResync: ((reason: string) => void) | undefined;

  constructor(options: UnifiedLevelBookOptions) {
    this.symbol = options.symbol;
    this.depth = options.depth;
    this.#onResync = options.onResync;
  }

  get isValid(): boolean {
    return this.#valid;
  }

  bids(n = this.depth): BookLevel[] {
    return this.#bids.slice(0, n).map((l) => [l.price, l.qty] as const);
  }

  asks(n = this.depth): BookLevel[] {
    return this.#asks.slice(0, n).map((l) => [l.price, l.qty] as const);
  }

  /** Applies one decoded `book` frame (`{channel, type, data: [{symbol, bids, asks}]}`). */
  apply(message: string | object): BookApplyResult {
    if (typeof message !== 'object') return rejected('not-book-message');
    const m = message as { channel?: unknown; type?: unknown; data?: unknown };
    if (m.channel !== 'book' || !Array.isArray(m.data)) return rejected('not-book-message');
    const row = (m.data as unknown[]).find(
      (r) => typeof r === 'object' && r !== null && (r as { symbol?: unknown }).symbol === this.symbol,
    ) as { bids?: unknown; asks?: unknown } | undefined;
    if (row === undefined) return rejected('symbol-mismatch');
    const snapshot = m.type === 'snapshot';
    if (!snapshot && !this.#valid) return rejected('awaiting-snapshot');
    // An update changes the sides in place: a frame that fails part-way resets the whole book
    // (#fail), so no half-applied frame is ever read, and nothing is copied per frame.
    const bids = snapshot ? [] : this.#bids;
    const asks = snapshot ? [] : this.#asks;
    if (!applySide(bids, row.bids, true) || !applySide(asks, row.asks, false))
      return this.#fail('invalid-message', 'a level is not a non-negative decimal');
    bids.length = Math.min(bids.length, this.depth);
    asks.length = Math.min(asks.length, this.depth);
    const bestBid = bids[0];
    const bestAsk = asks[0];
    if (bestBid !== undefined && bestAsk !== undefined && compareCanonical(bestBid.key, bestAsk.key) >= 0)
      return this.#fail('crossed-book');
    this.#bids = bids;
    this.#asks = asks;
    this.#valid = true;
    return APPLY_OK;
  }

  /**
   * Applies a raw `book` frame on the client's single-decode route: decoded in one pass
   * (channel-text-decoders.ts) and applied as `apply` would apply the generic route's message.
   * `undefined`: not decoded here (not laid out as the generated schema describes it, malformed,
   * or not a single row for this symbol): nothing changed, and the caller takes the generic route,
   * which decides. The row stays readable through `last*` until the next `applyText`.
   */
  applyText(text: string): BookApplyResult | undefined {
    const message = decodeUwsBookText(text);
    const row = message?.data[0];
    if (message === undefined || message.data.length !== 1 || row?.symbol !== this.symbol) return undefined;
    this.#lastRow = row;
    this.#lastIsSnapshot = message.type === 'snapshot';
    return this.apply(message);
  }

  /** Whether the frame `applyText` last decoded was a snapshot. */
  get lastIsSnapshot(): boolean {
    return this.#lastIsSnapshot;
  }

  /** The row the frame `applyText` last decoded carried. */
  get lastRow(): UnifiedBookRow | undefined {
    return this.#lastRow;
  }

  /** Forgets everything; the next snapshot starts the book again. */
  reset(): void {
    this.#bids = [];
    this.#asks = [];
    this.#valid = false;
  }

  #fail(reason: 'invalid-message' | 'crossed-book', detail?: string): BookApplyResult {
    this.reset();
    this.#onResync?.(detail ?? reason);
    return detail === undefined ? rejected(reason) : { ok: false, reason, detail };
  }
}

/** Applies the levels of one side in order (a price may change several times in one frame); false on a bad level. */
function applySide(side: Level[], levels: unknown, bids: boolean): boolean {
  if (levels === undefined) return true;
  if (!Array.isArray(levels)) return false;
  for (const raw of levels as unknown[]) {
    const l = raw as { price?: unknown; qty?: unknown } | null;
    const price = typeof l?.price === 'string' ? l.price : typeof l?.price === 'number' ? String(l.price) : undefined;
    const qty = typeof l?.qty === 'string' ? l.qty : typeof l?.qty === 'number' ? String(l.qty) : undefined;
    const key = price === undefined ? null : canonicalDecimal(price);
    const qtyKey = qty === undefined ? null : canonicalDecimal(qty);
    if (key === null || qtyKey === null || price === undefined || qty === undefined) return false;
    // Bids best (highest) first, asks best (lowest) first: binary search for the slot.
    let lo = 0;
    let hi = side.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = compareCanonical(side[mid]!.key, key);
      if (bids ? c > 0 : c < 0) lo = mid + 1;
      else hi = mid;
    }
    const found = lo < side.length && side[lo]!.key === key;
    if (qtyKey === '0') {
      if (found) side.splice(lo, 1);
    } else if (found) side[lo] = { price, qty, key };
    else side.splice(lo, 0, { price, qty, key });
  }
  return true;
}
