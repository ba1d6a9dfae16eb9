/** Shapes shared by the Spot and Futures order books. */

/** One price level, best first: `[price, qty]` as exact decimal strings. */
export type BookLevel = readonly [price: string, qty: string];

/**
 * Why `apply` refused or invalidated.
 * - `checksum-mismatch`, `crossed-book`, `invalid-message`, `seq-gap`: a desync — the book is now
 *   invalid and asks for a resync.
 * - `stale-seq` (Futures): a delta at or below the last applied seq was dropped; the book is
 *   unchanged (see FuturesOrderBook for the policy).
 * - `awaiting-snapshot`: an update arrived while the book waits for a snapshot; dropped.
 * - `not-book-message`, `symbol-mismatch`: the frame is not for this book; nothing changed.
 * - `disabled`: the book disabled itself after too many desyncs (see ResyncOptions).
 */
export type BookRejectReason =
  | 'checksum-mismatch'
  | 'crossed-book'
  | 'invalid-message'
  | 'seq-gap'
  | 'stale-seq'
  | 'awaiting-snapshot'
  | 'not-book-message'
  | 'symbol-mismatch'
  | 'disabled';

export interface BookApplyResult {
  readonly ok: boolean;
  readonly reason?: BookRejectReason;
  /** For `invalid-message`: what was wrong, for logs and metrics. */
  readonly detail?: string;
}

export const APPLY_OK: BookApplyResult = Object.freeze({ ok: true });

const REJECTIONS = new Map<BookRejectReason, BookApplyResult>();
/** Shared frozen result objects, so the hot path allocates nothing. */
export function rejected(reason: BookRejectReason): BookApplyResult {
  let r = REJECTIONS.get(reason);
  if (r === undefined) {
    r = Object.freeze({ ok: false, reason });
    REJECTIONS.set(reason, r);
  }
  return r;
}
