/**
 * When a book asks to be resynced, and how often it may.
 *
 * docs/reliability.md D1: on a desync the book is invalidated at once and the data client unsubscribes
 * and resubscribes for a fresh snapshot, at most ~6 times a minute per symbol; beyond that the
 * request waits (it is re-offered on the next `apply` or `pollResync` once the window allows).
 * Optionally the book disables itself after too many desyncs in an hour and warns, so a broken
 * feed cannot resubscribe forever. The clock is injectable for tests.
 */

/** What the data client receives: turn it into unsubscribe + subscribe for `symbol`. */
export interface ResyncRequest {
  readonly symbol: string;
  /** Why the book was invalidated (`checksum-mismatch`, `seq-gap`, …). */
  readonly reason: string;
  readonly atMs: number;
}

export interface ResyncOptions {
  /** Called (synchronously) when the book wants a fresh snapshot and the rate cap allows it. */
  readonly onResync?: (request: ResyncRequest) => void;
  /** Resync requests allowed per `resyncWindowMs` per book (default 6, docs/reliability.md D1). */
  readonly maxResyncs?: number;
  readonly resyncWindowMs?: number;
  /** Disable the book after this many desyncs within `strikeWindowMs` (default: never). */
  readonly disableAfterStrikes?: number;
  readonly strikeWindowMs?: number;
  /** Receives a warning when the resync cap defers a request (once per window) and when the book disables itself. */
  readonly onWarning?: (message: string) => void;
  /** Milliseconds clock (default `Date.now`). */
  readonly clock?: () => number;
}

export class ResyncPolicy {
  private readonly clock: () => number;
  private readonly maxResyncs: number;
  private readonly windowMs: number;
  private readonly maxStrikes: number;
  private readonly strikeWindowMs: number;
  private readonly sent: number[] = [];
  private readonly strikes: number[] = [];
  /** The reason of a desync whose resync request has not been handed out yet. */
  private pendingReason: string | undefined;
  private awaitingSnapshot = false;
  private warnedCapAt: number | undefined;
  disabled = false;
  /** The book's last desync reason (kept here, not on the book: only desynced books need it). */
  lastDesyncReason: string | undefined;

  constructor(
    private readonly symbol: string,
    private readonly options: ResyncOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.maxResyncs = options.maxResyncs ?? 6;
    this.windowMs = options.resyncWindowMs ?? 60_000;
    this.maxStrikes = options.disableAfterStrikes ?? Number.POSITIVE_INFINITY;
    this.strikeWindowMs = options.strikeWindowMs ?? 3_600_000;
  }

  /** True from a desync until a snapshot revalidates the book. */
  get needsResync(): boolean {
    return this.awaitingSnapshot && !this.disabled;
  }

  /** Records a desync; returns the request if one was handed out right now. */
  desync(reason: string): ResyncRequest | undefined {
    const now = this.clock();
    this.awaitingSnapshot = true;
    this.strikes.push(now);
    prune(this.strikes, now - this.strikeWindowMs);
    if (this.strikes.length > this.maxStrikes) {
      this.pendingReason = undefined;
      if (!this.disabled) {
        this.disabled = true;
        this.options.onWarning?.(
          `order book ${this.symbol} disabled after ${this.strikes.length} desyncs within ${this.strikeWindowMs} ms (last: ${reason})`,
        );
      }
      return undefined;
    }
    this.pendingReason = reason;
    return this.poll();
  }

  /** Hands out a deferred request once the rate cap allows it; otherwise `undefined`. */
  poll(): ResyncRequest | undefined {
    if (this.pendingReason === undefined || this.disabled) return undefined;
    const now = this.clock();
    prune(this.sent, now - this.windowMs);
    if (this.sent.length >= this.maxResyncs) {
      // More resyncs than the cap is a feed problem worth an alert (docs/reliability.md D1): warn once
      // per capped window so the data client can reconnect instead of waiting.
      const windowStart = this.sent[0]!;
      if (this.warnedCapAt !== windowStart) {
        this.warnedCapAt = windowStart;
        this.options.onWarning?.(
          `order book ${this.symbol}: resync rate cap (${this.maxResyncs} per ${this.windowMs} ms) reached; next resync at ${windowStart + this.windowMs + 1}`,
        );
      }
      return undefined;
    }
    this.sent.push(now);
    const request: ResyncRequest = { symbol: this.symbol, reason: this.pendingReason, atMs: now };
    this.pendingReason = undefined;
    this.options.onResync?.(request);
    return request;
  }

  /** Epoch ms at which a deferred request can next be handed out (`undefined` if none waits). */
  nextResyncAtMs(): number | undefined {
    if (this.pendingReason === undefined || this.disabled) return undefined;
    const now = this.clock();
    prune(this.sent, now - this.windowMs);
    return this.sent.length < this.maxResyncs ? now : this.sent[0]! + this.windowMs + 1;
  }

  /** A snapshot validated the book. */
  revalidated(): void {
    this.awaitingSnapshot = false;
    this.pendingReason = undefined;
  }

  /** Re-enables a disabled book (strikes forgotten); it still needs a snapshot. */
  enable(): void {
    this.disabled = false;
    this.strikes.length = 0;
  }
}

function prune(times: number[], olderThanOrAt: number): void {
  let k = 0;
  while (k < times.length && times[k]! <= olderThanOrAt) k++;
  if (k > 0) times.splice(0, k);
}
