/**
 * A verified local Spot WS v2 L2 book (`book` channel) for one symbol.
 *
 * Every message — snapshot and update — is checked against Kraken's CRC32 over the top 10
 * levels per side, built from prices and quantities at the pair's precision
 * (pinned to Kraken's documented example in test/unit/book/spot-checksum-vectors.test.ts). A checksum mismatch, a crossed
 * book after the whole message, or a malformed frame (docs/reliability.md D1, D4, D6) invalidates the
 * book at once and asks for a resync; only a new snapshot revalidates it.
 *
 * Reads of an invalid book throw `KrakenStateError` rather than return stale or empty levels: an
 * empty ladder would read as "no liquidity", a stale one as a real price: no consumer may read an
 * invalid book. Check `isValid` first.
 */
import { KrakenStateError, KrakenValidationError } from '../../../core/errors.js';
import { formatScaled, formatScaledDigits } from '../../book/decimal-text.js';
import { ResyncPolicy, type ResyncOptions, type ResyncRequest } from '../../book/resync-policy.js';
import { APPLY_OK, rejected, type BookApplyResult, type BookLevel, type BookRejectReason } from '../../book/types.js';
import { resetSpill } from './level-spill.js';
import { ASK, BID, BIG_QTY, CHECKSUM_LEVELS, SpotLadders } from './price-ladder.js';
import { beginTouched } from './touched-levels.js';
import { NOT_BOOK, SIDE_BID, SpotBookFrame, WRONG_SYMBOL, decodeSpotBookText } from './spot-book-frame.js';
import { decodeSpotBookObject } from './spot-book-object.js';

const SHARED_FRAME = new SpotBookFrame();

/** Depths the `book` channel accepts. */
export const SPOT_BOOK_DEPTHS = [10, 25, 100, 500, 1000] as const;

/** One level a frame carried: the new qty at a price, `0` removes it. */
export interface LevelText {
  readonly price: string;
  readonly qty: string;
}

export interface SpotOrderBookOptions extends ResyncOptions {
  /** v2 symbol, e.g. `BTC/USD`. */
  readonly symbol: string;
  /** The subscribed depth; the book is truncated to it after every message. */
  readonly depth: number;
  /** `price_precision` / `qty_precision` of the pair (instrument channel). */
  readonly pricePrecision: number;
  readonly qtyPrecision: number;
  /**
   * Keep the log `forEachWindowChange` reads (which window levels each update changed). Off by
   * default: only a consumer publishing deltas needs it (the data client turns it on).
   */
  readonly reportWindowChanges?: boolean;
}

export class SpotOrderBook extends SpotLadders {
  readonly symbol: string;
  // `depth` (the subscribed depth) is declared by SpotLadders.
  readonly pricePrecision: number;
  readonly qtyPrecision: number;

  /**
   * Fields are kept few on purpose: at depth 10 a book holds only 20 levels, so every per-book
   * object counts (BENCHMARKS.md "Book memory"). The decode scratch is shared by all books
   * (`apply` is synchronous), the levels live in the SpotLadders base, and the resync policy is
   * created on the first desync.
   */
  private readonly resyncOptions: SpotOrderBookOptions;
  private policy: ResyncPolicy | undefined;
  private valid = false;
  /** CRC of the current top 10 per side, as int32 (stays a small integer, no boxed double); recomputed only when a top-10 level changed. */
  private topChecksum = 0;
  private topDirty = true;
  private lastReason: BookRejectReason | undefined;

  constructor(options: SpotOrderBookOptions) {
    const issues = checkOptions(options);
    if (issues.length > 0) throw new KrakenValidationError('SpotOrderBook options', issues);
    super(options.depth);
    this.symbol = options.symbol;
    this.pricePrecision = options.pricePrecision;
    this.qtyPrecision = options.qtyPrecision;
    this.resyncOptions = options;
  }

  /** True once a snapshot verified and no desync since. */
  get isValid(): boolean {
    return this.valid;
  }

  /** True from a desync until a new snapshot arrives: unsubscribe and resubscribe the symbol. */
  get needsResync(): boolean {
    return this.policy !== undefined && this.policy.needsResync;
  }

  /** True after `disableAfterStrikes` desyncs; call `enable()` to try again. */
  get isDisabled(): boolean {
    return this.policy !== undefined && this.policy.disabled;
  }

  /** Why the book last refused or invalidated a message. */
  get lastRejectReason(): BookRejectReason | undefined {
    return this.lastReason;
  }

  /** The last verified checksum (unsigned CRC32), or `undefined` while invalid. */
  get checksum(): number | undefined {
    return this.valid ? this.topChecksum >>> 0 : undefined;
  }

  /**
   * Applies one `book` frame (raw WS text, or a parsed message object). `ok: false` means the
   * frame was refused (see `BookRejectReason`); a desync also invalidates the book.
   */
  apply(message: string | object): BookApplyResult {
    // A deferred resync request goes out first: its callback may re-enter another book's
    // `apply`, which must not happen while this one is using the shared decode scratch.
    this.policy?.poll();
    const frame = SHARED_FRAME;
    const problem =
      typeof message === 'string'
        ? decodeSpotBookText(message, frame, this.symbol, this.pricePrecision, this.qtyPrecision)
        : decodeSpotBookObject(message, frame, this.symbol, this.pricePrecision, this.qtyPrecision);
    if (problem !== undefined) {
      if (problem === NOT_BOOK || problem === WRONG_SYMBOL) return this.refuse(problem);
      return this.desync('invalid-message', problem);
    }
    return this.applyFrame(frame);
  }

  /**
   * Applies a raw `book` frame on a client's single-decode route. `undefined` means the text was
   * not decoded here (malformed for this decoder, another channel or symbol, or not laid out as
   * Kraken writes it: an unknown or repeated key): nothing changed, and the caller
   * takes the generic route (lossless parse, the generated validator, `apply(object)`), which
   * decides. What the frame carried stays readable through `last*` until the next apply.
   */
  applyText(text: string): BookApplyResult | undefined {
    this.policy?.poll();
    const frame = SHARED_FRAME;
    const problem = decodeSpotBookText(text, frame, this.symbol, this.pricePrecision, this.qtyPrecision);
    return problem !== undefined || frame.unusual ? undefined : this.applyFrame(frame);
  }

  /** Whether the frame `applyText` last decoded was a snapshot. */
  get lastIsSnapshot(): boolean {
    return SHARED_FRAME.isSnapshot;
  }

  /** The `timestamp` of the frame `applyText` last decoded, if it had one. */
  get lastTimestamp(): string | undefined {
    return SHARED_FRAME.timestamp;
  }

  /**
   * The levels the frame `applyText` last decoded carried, in order, as integers scaled by the
   * book's precisions (exact below 2^53; `bigQty` holds the qty text when it is beyond that).
   */
  forEachLastLevel(visit: (isBid: boolean, price: number, qty: number, bigQty: string | undefined) => void): void {
    const f = SHARED_FRAME;
    for (let k = 0; k < f.count; k++) {
      const big = f.bigQtys[k];
      visit(f.sides[k] === SIDE_BID, f.prices[k]!, f.qtys[k]!, big === undefined ? undefined : formatScaledDigits(big, this.qtyPrecision));
    }
  }

  /** The levels the frame `applyText` last decoded carried, in order, as exact decimal text. */
  lastChanges(): { bids: LevelText[]; asks: LevelText[] } {
    const f = SHARED_FRAME;
    const bids: LevelText[] = [];
    const asks: LevelText[] = [];
    for (let k = 0; k < f.count; k++) {
      const big = f.bigQtys[k];
      const qty = big === undefined ? formatScaled(f.qtys[k]!, this.qtyPrecision) : formatScaledDigits(big, this.qtyPrecision);
      (f.sides[k] === SIDE_BID ? bids : asks).push({ price: formatScaled(f.prices[k]!, this.pricePrecision), qty });
    }
    return { bids, asks };
  }

  /** Whether the book keeps the log `forEachWindowChange` reads (the `reportWindowChanges` option). */
  get reportsWindowChanges(): boolean {
    return this.resyncOptions.reportWindowChanges === true;
  }

  /**
   * After an update message was applied (`apply` or `applyText` returned ok): every level of the
   * window it changed, once each, as integers scaled by the book's precisions: whether the price
   * was in the window before, whether it is now, and its qty now (`bigQty`: the qty's exact text
   * when it is beyond 2^53). A level pushed out of the window counts (shown before, not now).
   * Nothing is reported after a snapshot, which replaces the window whole.
   */
  forEachWindowChange(
    visit: (isBid: boolean, price: number, wasShown: boolean, isShown: boolean, qty: number, bigQty: string | undefined) => void,
  ): void {
    if (!this.reportsWindowChanges) throw new KrakenStateError(`order book ${this.symbol} was not built with reportWindowChanges`);
    const qp = this.qtyPrecision;
    this.forEachTouchedChange((side, price, wasShown, isShown, qty, big) =>
      visit(side === BID, price, wasShown, isShown, qty, big === undefined ? undefined : formatScaledDigits(big, qp)),
    );
  }

  private applyFrame(frame: SpotBookFrame): BookApplyResult {
    if (this.policy !== undefined && this.policy.disabled) return this.refuse('disabled');
    if (frame.isSnapshot) {
      this.clearLevels();
      this.topDirty = true;
    } else if (!this.valid) {
      return this.refuse('awaiting-snapshot');
    }
    this.applyLevels(frame);
    this.truncateSide(BID);
    this.truncateSide(ASK);
    const store = this.levelStore;
    if (this.bidLength > 0 && this.askLength > 0 && store[this.levelAt(BID, 0)]! >= store[this.levelAt(ASK, 0)]!) {
      return this.desync('crossed-book');
    }
    if (this.topDirty) {
      this.topChecksum = this.topCrc() | 0;
      this.topDirty = false;
    }
    if (this.topChecksum >>> 0 !== frame.checksum) return this.desync('checksum-mismatch');
    if (frame.isSnapshot) {
      this.valid = true;
      this.policy?.revalidated();
    }
    return APPLY_OK;
  }

  /** Hands out a resync request deferred by the rate cap, once allowed (also done on `apply`). */
  pollResync(): ResyncRequest | undefined {
    return this.policy?.poll();
  }

  /** When a deferred resync request can next be handed out (epoch ms), if one waits. */
  nextResyncAtMs(): number | undefined {
    return this.policy?.nextResyncAtMs();
  }

  /** Re-enables a book disabled after too many desyncs; it waits for a snapshot. */
  enable(): void {
    this.policy?.enable();
  }

  /** Best `n` bids (default: all, up to depth), best first, as exact decimal strings. */
  bids(n?: number): BookLevel[] {
    return this.levels(BID, n);
  }

  /** Best `n` asks (default: all, up to depth), best first, as exact decimal strings. */
  asks(n?: number): BookLevel[] {
    return this.levels(ASK, n);
  }

  private levels(side: number, n: number | undefined): BookLevel[] {
    if (!this.valid) {
      throw new KrakenStateError(
        `order book ${this.symbol} is invalid (${this.policy?.lastDesyncReason ?? 'no snapshot yet'}); wait for a new snapshot`,
        { endpoint: 'book' },
      );
    }
    const length = this.sideLength(side);
    const count = Math.min(length, n ?? length);
    const store = this.levelStore;
    const out: BookLevel[] = new Array<BookLevel>(count);
    for (let i = 0; i < count; i++) {
      const at = this.levelAt(side, i);
      const qty = store[at + 1]!;
      const qtyText =
        qty === BIG_QTY ? formatScaledDigits(this.qtyDigits(side, at), this.qtyPrecision) : formatScaled(qty, this.qtyPrecision);
      out[i] = [formatScaled(store[at]!, this.pricePrecision), qtyText];
    }
    return out;
  }

  private applyLevels(frame: SpotBookFrame): void {
    const { sides, prices, qtys, bigQtys } = frame;
    let dirty = this.topDirty;
    resetSpill();
    beginTouched(!frame.isSnapshot && this.reportsWindowChanges);
    for (let k = 0; k < frame.count; k++) {
      const side = sides[k] === SIDE_BID ? BID : ASK;
      const qty = qtys[k]!;
      // qty 0 deletes; a delete for a level we already truncated away is a no-op.
      const i = qty === 0 ? this.removeLevel(side, prices[k]!) : this.setLevel(side, prices[k]!, qty, bigQtys[k]);
      if (i >= 0 && i < CHECKSUM_LEVELS) dirty = true;
    }
    this.topDirty = dirty;
  }

  private refuse(reason: BookRejectReason): BookApplyResult {
    this.lastReason = reason;
    return rejected(reason);
  }

  private desync(reason: BookRejectReason, detail?: string): BookApplyResult {
    // One request per desync: frames that keep arriving before the resubscribe lands do not
    // re-trigger it, but a bad snapshot (the resubscribe's answer) does.
    const alreadyWaiting = !this.valid && this.needsResync && !SHARED_FRAME.isSnapshot;
    this.valid = false;
    this.lastReason = reason;
    const policy = (this.policy ??= new ResyncPolicy(this.symbol, this.resyncOptions));
    policy.lastDesyncReason = reason;
    if (!alreadyWaiting) policy.desync(reason);
    return detail === undefined ? rejected(reason) : { ok: false, reason, detail };
  }
}

function checkOptions(o: SpotOrderBookOptions): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (typeof o.symbol !== 'string' || o.symbol === '') issues.push({ path: '/symbol', message: 'must be a non-empty string' });
  if (!(SPOT_BOOK_DEPTHS as readonly number[]).includes(o.depth)) {
    issues.push({ path: '/depth', message: `must be one of ${SPOT_BOOK_DEPTHS.join(', ')}` });
  }
  for (const key of ['pricePrecision', 'qtyPrecision'] as const) {
    const v = o[key];
    if (!Number.isInteger(v) || v < 0 || v > 18) issues.push({ path: `/${key}`, message: 'must be an integer 0..18' });
  }
  return issues;
}
