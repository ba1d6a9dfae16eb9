/**
 * The window levels an update message touched in a verified Spot book, each with its qty before
 * the message (`ABSENT` when it was not in the window), in touch order; a price may repeat, its
 * first entry holds the qty before. The book reads it right after the message
 * (`forEachWindowChange`), so a consumer can publish exactly what changed without keeping its own
 * copy of the window. Shared by all books like the level spill (`apply` is synchronous); not kept
 * for snapshots, which replace the whole window.
 */

/** A price not in the window (before or after a message). */
export const ABSENT = -2;

/** Above this many entries the first-entry check uses a set instead of a scan. */
const SCAN_LIMIT = 16;

export const TOUCHED = {
  /** True while an update message is being applied. */
  recording: false,
  count: 0,
  sides: [] as number[],
  prices: [] as number[],
  qtys: [] as number[],
  /** Digits of a touched qty marked BIG_QTY, by entry. */
  bigs: new Map<number, string>(),
};

/** Starts the log for an update message (`record`), or turns it off (a snapshot). */
export function beginTouched(record: boolean): void {
  TOUCHED.count = 0;
  if (TOUCHED.bigs.size > 0) TOUCHED.bigs.clear();
  TOUCHED.recording = record;
}

export function noteTouched(side: number, price: number, qty: number, bigQty: string | undefined): void {
  const t = TOUCHED;
  const k = t.count++;
  t.sides[k] = side;
  t.prices[k] = price;
  t.qtys[k] = qty;
  if (bigQty !== undefined) t.bigs.set(k, bigQty);
}

/** The digits of entry `k`'s qty before the message, when it was marked BIG_QTY. */
export function touchedBig(k: number): string | undefined {
  return TOUCHED.bigs.get(k);
}

/** Visits the first entry of each touched side and price. */
export function forEachFirstTouch(visit: (k: number, side: number, price: number, before: number) => void): void {
  const t = TOUCHED;
  const count = t.count;
  const seen = count > SCAN_LIMIT ? new Set<number>() : undefined;
  for (let k = 0; k < count; k++) {
    const side = t.sides[k]!;
    const price = t.prices[k]!;
    if (seen === undefined ? touchedBefore(k, side, price) : !addKey(seen, side === 0 ? price : -price - 1)) continue;
    visit(k, side, price, t.qtys[k]!);
  }
}

/** True if an entry before `k` has this side and price. */
function touchedBefore(k: number, side: number, price: number): boolean {
  const t = TOUCHED;
  for (let j = 0; j < k; j++) if (t.prices[j] === price && t.sides[j] === side) return true;
  return false;
}

/** Adds `key`; false if it was there. */
function addKey(seen: Set<number>, key: number): boolean {
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}
