/**
 * Both sides of a Spot book: levels sorted best first, held as exact scaled integers.
 *
 * Memory is what shapes this (BENCHMARKS.md, "Book memory"): a depth-10 book holds only 20
 * levels, so fixed per-book costs dominate. A typed array costs ≈ 200 bytes of V8 objects before
 * its first element, so everything a book keeps lives in ONE plain array of doubles sized for
 * exactly `depth` levels per side, plus the object's own fields:
 *
 *   [ bid price, bid qty, … (2 × depth) | ask price, ask qty, … (2 × depth) | 10 bid CRC slots | 10 ask CRC slots ]
 *
 * Each side's `depth` level slots are a ring: level 0 (the best) sits at the side's head, so an
 * insert or a delete moves only the shorter part of the side (levels above it, by turning the
 * head, or levels below it). Book traffic clusters at the top while Kraken's refills and
 * push-outs happen at the bottom; a plain array moved the whole side for one of the two.
 *
 * Prices and quantities are integers scaled by the pair's precision (exact below 2^53). A
 * quantity that does not fit is marked `BIG_QTY` and its digits live in a side map created on
 * first use. Levels past the depth within one message wait in the shared spill (level-spill.ts).
 *
 * Checksum: for each of the top 10 levels per side a slot caches the CRC (from a zero state) of
 * its checksum text (scaled price digits then scaled qty digits, as Kraken's checksum reads them)
 * and that text's length. CRC32 is linear over GF(2), so a side's running state is
 * `state' = shift(state, len) ⊕ crc0` per level; a change re-encodes only the changed level and
 * re-chains ten cached slots with a table-driven shift (crc32.ts `crc32ShiftBytes`).
 */
import { CRC32_INIT, crc32Finish, crc32ShiftBytes, crc32Update, crc32UpdateBytes } from '../../book/crc32.js';
import { writeDigits } from '../../book/decimal-text.js';
import { shiftRing } from './level-ring.js';
import { SPILL, spillDelete, spillInsert, spillLength } from './level-spill.js';
import { ABSENT, TOUCHED, forEachFirstTouch, noteTouched, touchedBig } from './touched-levels.js';

/** Marks a quantity held as digits in the side map. */
export const BIG_QTY = -1;
/** Levels covered by the Kraken checksum on each side. */
export const CHECKSUM_LEVELS = 10;
export const BID = 0;
export const ASK = 1;
/** A CRC slot whose level changed since it was encoded. */
const STALE = -1;
/** crc0 + len × 2^32 packs a slot into one exact double. */
const LEN_UNIT = 4294967296;

/** Encoding scratch for one level's checksum text: ≤ 16 price digits + ≤ 16 qty digits. */
const TEXT = new Uint8Array(40);

/**
 * Digits of quantities marked BIG_QTY, per book, keyed by `bigKey`. Outside the book object
 * because almost no book ever needs one (a field would cost every book 8 bytes).
 */
const BIG_QTYS = new WeakMap<SpotLadders, Map<number, string>>();

/**
 * The book's level storage, as a base class rather than a member object: a separate object
 * would cost its header and a pointer per book, a tenth of a depth-10 book. Every member is
 * `protected`, so SpotOrderBook's public surface is unchanged.
 */
export abstract class SpotLadders {
  /** See the layout above. */
  protected readonly levelStore: number[];
  protected bidLength = 0;
  protected askLength = 0;
  /** Where each side's level 0 sits in its `depth` slots (a ring: see `levelAt`). */
  private bidHead = 0;
  private askHead = 0;
  /** Running CRC state of the bids' top text from 0, of the asks' from CRC32_INIT. */
  private bidCrc = 0;
  private askCrc = 0;
  /** Bytes of the bids' top-10 checksum text (to fold the asks' state through them). */
  private bidHashed = 0;
  /** Which sides changed in their top 10 since the last `topCrc` (bit 0 bids, bit 1 asks). */
  private dirtySides = 3;

  constructor(
    /** The subscribed depth; the book is truncated to it after every message. */
    readonly depth: number,
  ) {
    // Array.from gives packed double elements of exactly this length (no growth slack).
    this.levelStore = Array.from({ length: 4 * depth + 2 * CHECKSUM_LEVELS }, () => -0.5);
    this.clearLevels();
  }

  protected sideLength(side: number): number {
    return side === BID ? this.bidLength : this.askLength;
  }

  /** Store offset of level `i`'s price on `side` (its qty follows): each side is a ring from its head. */
  protected levelAt(side: number, i: number): number {
    const depth = this.depth;
    let slot = (side === BID ? this.bidHead : this.askHead) + i;
    if (slot >= depth) slot -= depth;
    return side === BID ? 2 * slot : 2 * (depth + slot);
  }

  /** Index of `price` among the side's own levels, or `-(insertion point) - 1` when absent. */
  protected searchLevel(side: number, price: number, n: number): number {
    const s = this.levelStore;
    const depth = this.depth;
    const base = side === BID ? 0 : 2 * depth;
    const head = side === BID ? this.bidHead : this.askHead;
    let lo = 0;
    let hi = n - 1;
    // `at` maps a level index through the ring: slot head + mid, wrapped once.
    if (side === BID) {
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const slot = head + mid;
        const v = s[base + 2 * (slot >= depth ? slot - depth : slot)]!;
        if (v > price) lo = mid + 1;
        else if (v < price) hi = mid - 1;
        else return mid;
      }
    } else {
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const slot = head + mid;
        const v = s[base + 2 * (slot >= depth ? slot - depth : slot)]!;
        if (v < price) lo = mid + 1;
        else if (v > price) hi = mid - 1;
        else return mid;
      }
    }
    return -lo - 1;
  }

  /** Moves the ring's head by `step` (±1), so level i becomes level i − step. */
  private turnHead(side: number, step: number): void {
    const depth = this.depth;
    let head = (side === BID ? this.bidHead : this.askHead) + step;
    if (head < 0) head += depth;
    else if (head >= depth) head -= depth;
    if (side === BID) this.bidHead = head;
    else this.askHead = head;
  }

  /** Copies `count` levels one slot along the side's ring from level `from` (see `shiftRing`). */
  private shiftLevels(side: number, from: number, count: number, dir: number): void {
    const depth = this.depth;
    let slot = (side === BID ? this.bidHead : this.askHead) + from;
    if (slot >= depth) slot -= depth;
    shiftRing(this.levelStore, side === BID ? 0 : 2 * depth, depth, slot, count, dir);
  }

  /** Opens a gap at level `i` among `n` levels (n < depth), moving the shorter part (the levels above it through the head). */
  private openGap(side: number, i: number, n: number): void {
    if (i < n - i) {
      this.turnHead(side, -1);
      this.shiftLevels(side, 0, i, 1); // levels 1..i move to 0..i-1
    } else {
      this.shiftLevels(side, n, n - i, -1); // levels i..n-1 move to i+1..n
    }
  }

  /** Closes the gap of a removed level `i` among `n` levels (the last is then free), moving the shorter part. */
  private closeGap(side: number, i: number, n: number): void {
    if (i < n - 1 - i) {
      this.shiftLevels(side, i, i, -1); // levels 0..i-1 move to 1..i
      this.turnHead(side, 1);
    } else {
      this.shiftLevels(side, i, n - 1 - i, 1); // levels i+1..n-1 move to i..n-2
    }
  }

  /** Sets the level's absolute quantity (inserting it if new); returns its index. */
  protected setLevel(side: number, price: number, qty: number, bigQty: string | undefined): number {
    const s = this.levelStore;
    const n = side === BID ? this.bidLength : this.askLength;
    let i = this.searchLevel(side, price, n);
    if (i >= 0) {
      const at = this.levelAt(side, i);
      if (TOUCHED.recording) this.noteBefore(side, at);
      if (s[at + 1] === BIG_QTY) this.forgetBig(side, price);
    } else {
      if (TOUCHED.recording) noteTouched(side, price, ABSENT, undefined);
      i = -i - 1;
      const cap = this.depth;
      if (i === cap) return cap + this.spillSet(side, price, qty, bigQty);
      let count = n;
      if (n === cap) {
        // the last own level moves to the front of the spill
        const last = this.levelAt(side, cap - 1);
        if (TOUCHED.recording) this.noteBefore(side, last);
        spillInsert(side, 0, s[last]!, s[last + 1]!);
        count = cap - 1;
      } else if (side === BID) this.bidLength = n + 1;
      else this.askLength = n + 1;
      this.openGap(side, i, count);
      s[this.levelAt(side, i)] = price;
      // cached checksum slots shift down with their levels
      if (i < CHECKSUM_LEVELS - 1) {
        const slots = 4 * cap + side * CHECKSUM_LEVELS;
        for (let k = slots + CHECKSUM_LEVELS - 1; k > slots + i; k--) s[k] = s[k - 1]!;
      }
    }
    s[this.levelAt(side, i) + 1] = qty;
    if (qty === BIG_QTY) this.rememberBig(side, price, bigQty!);
    if (i < CHECKSUM_LEVELS) {
      s[4 * this.depth + side * CHECKSUM_LEVELS + i] = STALE;
      this.dirtySides |= 1 << side;
    }
    return i;
  }

  /** Deletes the level at `price`; returns the index it had, or -1 if absent. */
  protected removeLevel(side: number, price: number): number {
    const s = this.levelStore;
    const n = side === BID ? this.bidLength : this.askLength;
    const i = this.searchLevel(side, price, n);
    if (i < 0) return n === this.depth ? this.spillRemove(side, price) : -1;
    const at = this.levelAt(side, i);
    if (TOUCHED.recording) this.noteBefore(side, at);
    if (s[at + 1] === BIG_QTY) this.forgetBig(side, price);
    this.closeGap(side, i, n);
    const spill = SPILL[side]!;
    if (spillLength[side]! > 0) {
      // the best spilled level moves back into the window
      const end = this.levelAt(side, n - 1);
      s[end] = spill[0]!;
      s[end + 1] = spill[1]!;
      spillDelete(side, 0);
    } else if (side === BID) this.bidLength = n - 1;
    else this.askLength = n - 1;
    if (i < CHECKSUM_LEVELS) {
      const slots = 4 * this.depth + side * CHECKSUM_LEVELS;
      for (let k = slots + i; k < slots + CHECKSUM_LEVELS - 1; k++) s[k] = s[k + 1]!;
      s[slots + CHECKSUM_LEVELS - 1] = STALE;
      this.dirtySides |= 1 << side;
    }
    return i;
  }

  /**
   * Every window level the last update message changed, each once: its price, whether it was in
   * the window before, whether it is now, and its qty now (`bigQty`: the digits of a qty marked
   * BIG_QTY). Levels pushed out of the window count as changed (shown before, not now).
   */
  protected forEachTouchedChange(
    visit: (side: number, price: number, wasShown: boolean, isShown: boolean, qty: number, bigQty: string | undefined) => void,
  ): void {
    const s = this.levelStore;
    forEachFirstTouch((k, side, price, before) => {
      const i = this.searchLevel(side, price, side === BID ? this.bidLength : this.askLength);
      const at = i >= 0 ? this.levelAt(side, i) : -1;
      const after = at >= 0 ? s[at + 1]! : ABSENT;
      const bigAfter = after === BIG_QTY ? this.qtyDigits(side, at) : undefined;
      if (after === before && (after !== BIG_QTY || bigAfter === touchedBig(k))) return;
      visit(side, price, before !== ABSENT, after !== ABSENT, after, bigAfter);
    });
  }

  /** Logs the level at store offset `at` (in the window) with its qty before the change. */
  private noteBefore(side: number, at: number): void {
    const q = this.levelStore[at + 1]!;
    noteTouched(side, this.levelStore[at]!, q, q === BIG_QTY ? this.qtyDigits(side, at) : undefined);
  }

  /** Drops every level past the depth (Kraken sends no delete for them). */
  protected truncateSide(side: number): void {
    const count = spillLength[side]!;
    if (count === 0) return;
    const spill = SPILL[side]!;
    for (let k = 0; k < count; k++) if (spill[2 * k + 1] === BIG_QTY) this.forgetBig(side, spill[2 * k]!);
    spillLength[side] = 0;
  }

  protected clearLevels(): void {
    this.bidLength = 0;
    this.askLength = 0;
    this.bidHead = 0;
    this.askHead = 0;
    spillLength[0] = 0;
    spillLength[1] = 0;
    const s = this.levelStore;
    for (let k = 4 * this.depth; k < s.length; k++) s[k] = STALE;
    this.dirtySides = 3;
    BIG_QTYS.delete(this);
  }

  /** The scaled quantity's digits at store offset `at` (see `at`). */
  protected qtyDigits(side: number, at: number): string {
    const q = this.levelStore[at + 1]!;
    return q === BIG_QTY ? BIG_QTYS.get(this)!.get(bigKey(side, this.levelStore[at]!))! : String(q);
  }

  /**
   * Kraken's checksum (unsigned CRC32) over the top 10 asks then the top 10 bids.
   * The bids are chained from a zero state and the asks' state folded through them
   * (crc(s, A‖B) = crc(0, B) ⊕ shift(s, |B|)), so an ask change never re-chains the bids.
   */
  protected topCrc(): number {
    if (this.dirtySides & 1) {
      const n = this.bidLength < CHECKSUM_LEVELS ? this.bidLength : CHECKSUM_LEVELS;
      let state = 0;
      let total = 0;
      for (let i = 0; i < n; i++) {
        const slot = this.slot(BID, i);
        const len = Math.floor(slot / LEN_UNIT);
        state = crc32ShiftBytes(state, len) ^ (slot - len * LEN_UNIT);
        total += len;
      }
      this.bidCrc = state;
      this.bidHashed = total;
    }
    if (this.dirtySides & 2) {
      const n = this.askLength < CHECKSUM_LEVELS ? this.askLength : CHECKSUM_LEVELS;
      let state = CRC32_INIT | 0;
      for (let i = 0; i < n; i++) {
        const slot = this.slot(ASK, i);
        const len = Math.floor(slot / LEN_UNIT);
        state = crc32ShiftBytes(state, len) ^ (slot - len * LEN_UNIT);
      }
      this.askCrc = state;
    }
    this.dirtySides = 0;
    return crc32Finish(this.bidCrc ^ crc32ShiftBytes(this.askCrc, this.bidHashed));
  }

  /** Level `i`'s packed CRC slot, encoding it first if stale. */
  private slot(side: number, i: number): number {
    const s = this.levelStore;
    const k = 4 * this.depth + side * CHECKSUM_LEVELS + i;
    const cached = s[k]!;
    if (cached !== STALE) return cached;
    const at = this.levelAt(side, i);
    const q = s[at + 1]!;
    let crc: number;
    let len: number;
    if (q === BIG_QTY) {
      const text = String(s[at]!) + this.qtyDigits(side, at);
      crc = crc32Update(0, text);
      len = text.length;
    } else {
      len = writeDigits(TEXT, writeDigits(TEXT, 0, s[at]!), q);
      crc = crc32UpdateBytes(0, TEXT, 0, len);
    }
    const packed = len * LEN_UNIT + (crc >>> 0);
    s[k] = packed;
    return packed;
  }

  /** Sets a level beyond the window (own side full); returns its spill index. */
  private spillSet(side: number, price: number, qty: number, bigQty: string | undefined): number {
    const spill = SPILL[side]!;
    const count = spillLength[side]!;
    let j = 0;
    if (side === BID) while (j < count && spill[2 * j]! > price) j++;
    else while (j < count && spill[2 * j]! < price) j++;
    if (j < count && spill[2 * j] === price) {
      if (spill[2 * j + 1] === BIG_QTY) this.forgetBig(side, price);
      spill[2 * j + 1] = qty;
    } else spillInsert(side, j, price, qty);
    if (qty === BIG_QTY) this.rememberBig(side, price, bigQty!);
    return j;
  }

  private spillRemove(side: number, price: number): number {
    const spill = SPILL[side]!;
    const count = spillLength[side]!;
    for (let j = 0; j < count; j++) {
      if (spill[2 * j] === price) {
        if (spill[2 * j + 1] === BIG_QTY) this.forgetBig(side, price);
        spillDelete(side, j);
        return this.depth + j;
      }
    }
    return -1;
  }

  private rememberBig(side: number, price: number, digits: string): void {
    let big = BIG_QTYS.get(this);
    if (big === undefined) BIG_QTYS.set(this, (big = new Map<number, string>()));
    big.set(bigKey(side, price), digits);
  }

  private forgetBig(side: number, price: number): void {
    BIG_QTYS.get(this)!.delete(bigKey(side, price));
  }
}

/** Bids and asks share one map; a crossed message may briefly hold one price on both sides. */
function bigKey(side: number, price: number): number {
  return side === BID ? price : -price - 1;
}
