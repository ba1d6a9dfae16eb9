/**
 * The level moves of a Spot book side held as a ring of `depth` slots of [price, qty] in one
 * array of doubles (price-ladder.ts): an insert or a delete shifts a run of levels one slot
 * along the ring, wrapping at most once.
 */

/**
 * Copies `count` levels one slot along the ring that starts at `base` in `s`, from slot `slot`
 * walking by `dir` (−1: each level to the slot after it, from the last one back; +1: each to
 * the slot before it). Runs as straight loops between wraps.
 */
export function shiftRing(s: number[], base: number, depth: number, slot: number, count: number, dir: number): void {
  let left = count;
  while (left > 0) {
    // slots until the walk wraps: moving up, the source `slot + 1` must stay below depth; down, `slot - 1` at or above 0
    let run = dir > 0 ? depth - 1 - slot : slot;
    if (run === 0) {
      // the one copy across the wrap
      const next = dir > 0 ? 0 : depth - 1;
      s[base + 2 * slot] = s[base + 2 * next]!;
      s[base + 2 * slot + 1] = s[base + 2 * next + 1]!;
      slot = next;
      left--;
      continue;
    }
    if (run > left) run = left;
    let to = base + 2 * slot;
    if (dir > 0) {
      for (const end = to + 2 * run; to < end; to++) s[to] = s[to + 2]!;
    } else {
      for (const end = to - 2 * run; to > end; to -= 2) {
        s[to] = s[to - 2]!;
        s[to + 1] = s[to - 1]!;
      }
    }
    slot += dir * run;
    left -= run;
  }
}
