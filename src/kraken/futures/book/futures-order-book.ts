/**
 * A verified local Futures L2 book (`book` feed) for one product.
 *
 * Futures books carry no checksum; integrity comes from `seq`: after a
 * `book_snapshot`, every `book` delta must carry the next seq for the product. A gap means a
 * delta was lost: the book is invalidated at once and asks for a resync from a new
 * `book_snapshot` (docs/reliability.md D5). A delta at or below the last applied seq (a duplicate, or a
 * delta older than the snapshot) is dropped with `ok: false, reason: 'stale-seq'` and leaves the
 * book valid (a stale delta says nothing about a lost one); pass `onStaleSeq: 'resync'` to treat it as a
 * desync instead. Deltas are absolute (`qty` is the new size, `0` removes the level), and a
 * zero-qty level inside a snapshot is skipped (fixture ws_futures_book_snapshot_with_zero_qty).
 *
 * No crossed-book check here: Futures deltas carry one level each, so a momentarily crossed
 * ladder between two deltas of one match is not evidence of a desync.
 *
 * Reads of an invalid book throw `KrakenStateError`, as for the Spot book.
 */
import { KrakenStateError, KrakenValidationError } from '../../../core/errors.js';
import { ResyncPolicy, type ResyncOptions, type ResyncRequest } from '../../book/resync-policy.js';
import { APPLY_OK, rejected, type BookApplyResult, type BookLevel, type BookRejectReason } from '../../book/types.js';
import { FuturesLadder } from './futures-ladder.js';
import { FuturesBookFrame, NOT_BOOK, WRONG_PRODUCT, decodeFuturesBookObject, decodeFuturesBookText } from './futures-book-frame.js';

const SHARED_FRAME = new FuturesBookFrame();

export interface FuturesOrderBookOptions extends ResyncOptions {
  /** Futures product id, e.g. `PI_XBTUSD`, `PF_ETHUSD`. */
  readonly product: string;
  /** What a delta with seq ≤ the last applied one does (default `drop`, docs/reliability.md D5). */
  readonly onStaleSeq?: 'drop' | 'resync';
}

export class FuturesOrderBook {
  readonly product: string;
  private readonly bidLadder = new FuturesLadder(true);
  private readonly askLadder = new FuturesLadder(false);
  /** Decode scratch shared by all books (`apply` is synchronous). */
  private readonly frame = SHARED_FRAME;
  private readonly policy: ResyncPolicy;
  private readonly staleResyncs: boolean;
  private valid = false;
  private lastSeq = -1;
  private lastReason: BookRejectReason | undefined;
  private desyncReason: BookRejectReason | undefined;

  constructor(options: FuturesOrderBookOptions) {
    if (typeof options.product !== 'string' || options.product === '') {
      throw new KrakenValidationError('FuturesOrderBook options', [{ path: '/product', message: 'must be a non-empty string' }]);
    }
    this.product = options.product;
    this.staleResyncs = options.onStaleSeq === 'resync';
    this.policy = new ResyncPolicy(options.product, options);
  }

  get isValid(): boolean {
    return this.valid;
  }

  get needsResync(): boolean {
    return this.policy.needsResync;
  }

  get isDisabled(): boolean {
    return this.policy.disabled;
  }

  get lastRejectReason(): BookRejectReason | undefined {
    return this.lastReason;
  }

  /** The seq of the last applied snapshot or delta (`undefined` while invalid). */
  get seq(): number | undefined {
    return this.valid ? this.lastSeq : undefined;
  }

  /** Applies one `book_snapshot` or `book` frame (raw WS text, or a parsed object). */
  apply(message: string | object): BookApplyResult {
    // A deferred resync request goes out first: its callback may re-enter another book's
    // `apply`, which must not happen while this one is using the shared decode scratch.
    this.policy.poll();
    const frame = this.frame;
    const problem =
      typeof message === 'string'
        ? decodeFuturesBookText(message, frame, this.product)
        : decodeFuturesBookObject(message, frame, this.product);
    if (problem !== undefined) {
      if (problem === NOT_BOOK || problem === WRONG_PRODUCT) return this.refuse(problem);
      return this.desync('invalid-message', problem);
    }
    return this.applyFrame(frame);
  }

  /**
   * Applies a raw `book_snapshot` / `book` frame on a client's single-decode route. `undefined`
   * means the text was not decoded here (malformed for this decoder, another feed or product, or
   * not laid out as the generated schema describes it: an unknown or repeated key, a decimal as a
   * string…): nothing changed, and the caller takes the generic route (lossless parse, the
   * generated validator, `apply(object)`), which decides. What the frame carried stays readable
   * through `last*` until the next apply.
   */
  applyText(text: string): BookApplyResult | undefined {
    this.policy.poll();
    const frame = this.frame;
    const problem = decodeFuturesBookText(text, frame, this.product);
    return problem !== undefined || frame.unusual ? undefined : this.applyFrame(frame);
  }

  /** Whether the frame `applyText` last decoded was a `book_snapshot`. */
  get lastIsSnapshot(): boolean {
    return this.frame.isSnapshot;
  }

  /** The `timestamp` (epoch ms) of the frame `applyText` last decoded. */
  get lastTimestamp(): number {
    return this.frame.timestamp;
  }

  /** The `seq` of the frame `applyText` last decoded. */
  get lastFrameSeq(): number {
    return this.frame.seq;
  }

  /** The level a `book` delta `applyText` last decoded carried, as written: side, price, qty. */
  get lastDelta(): { readonly isBid: boolean; readonly price: string; readonly qty: string } {
    const f = this.frame;
    return { isBid: f.levels[0]?.side === 0, price: f.deltaPrice, qty: f.deltaQty };
  }

  private applyFrame(frame: FuturesBookFrame): BookApplyResult {
    if (this.policy.disabled) return this.refuse('disabled');
    if (frame.isSnapshot) {
      this.bidLadder.clear();
      this.askLadder.clear();
      for (const l of frame.levels) {
        if (l.qty !== '0') (l.side === 0 ? this.bidLadder : this.askLadder).set(l.value, l.price, l.qty);
      }
      this.lastSeq = frame.seq;
      this.valid = true;
      this.policy.revalidated();
      return APPLY_OK;
    }
    if (!this.valid) return this.refuse('awaiting-snapshot');
    if (frame.seq <= this.lastSeq) return this.staleResyncs ? this.desync('stale-seq') : this.refuse('stale-seq');
    if (frame.seq !== this.lastSeq + 1) return this.desync('seq-gap');
    const l = frame.levels[0]!;
    const ladder = l.side === 0 ? this.bidLadder : this.askLadder;
    if (l.qty === '0') ladder.remove(l.value, l.price);
    else ladder.set(l.value, l.price, l.qty);
    this.lastSeq = frame.seq;
    return APPLY_OK;
  }

  pollResync(): ResyncRequest | undefined {
    return this.policy.poll();
  }

  nextResyncAtMs(): number | undefined {
    return this.policy.nextResyncAtMs();
  }

  enable(): void {
    this.policy.enable();
  }

  /** Best `n` bids (default all), best first, as exact canonical decimal strings. */
  bids(n?: number): BookLevel[] {
    return this.levels(this.bidLadder, n);
  }

  /** Best `n` asks (default all), best first, as exact canonical decimal strings. */
  asks(n?: number): BookLevel[] {
    return this.levels(this.askLadder, n);
  }

  private levels(ladder: FuturesLadder, n: number | undefined): BookLevel[] {
    if (!this.valid) {
      throw new KrakenStateError(
        `order book ${this.product} is invalid (${this.desyncReason ?? 'no snapshot yet'}); wait for a new book_snapshot`,
        { endpoint: 'book' },
      );
    }
    const count = Math.min(ladder.length, n ?? ladder.length);
    const out: BookLevel[] = new Array<BookLevel>(count);
    for (let i = 0; i < count; i++) out[i] = [ladder.prices[i]!, ladder.qtys[i]!];
    return out;
  }

  private refuse(reason: BookRejectReason): BookApplyResult {
    this.lastReason = reason;
    return rejected(reason);
  }

  private desync(reason: BookRejectReason, detail?: string): BookApplyResult {
    const alreadyWaiting = !this.valid && this.policy.needsResync;
    this.valid = false;
    this.lastReason = reason;
    this.desyncReason = reason;
    if (!alreadyWaiting) this.policy.desync(reason);
    return detail === undefined ? rejected(reason) : { ok: false, reason, detail };
  }
}
