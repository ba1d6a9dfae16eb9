/**
 * Levels past a Spot book's depth during one message, per side (bids 0, asks 1):
 * [price, qty, price, qty, …], best first. Kraken sends no delete for levels pushed out of the
 * window, and a later delete in the same message can pull one back in, so a message can briefly
 * hold more than `depth` levels; they wait here. Shared by all books, which is safe because
 * `apply` is synchronous and the book empties the spill before `apply` returns or calls back.
 */
export const SPILL: number[][] = [[], []];
export const spillLength = [0, 0];

/** Empties the shared spill: call before applying a message's levels. */
export function resetSpill(): void {
  spillLength[0] = 0;
  spillLength[1] = 0;
}

export function spillInsert(side: number, j: number, price: number, qty: number): void {
  const spill = SPILL[side]!;
  const count = spillLength[side]!;
  while (spill.length < 2 * count + 2) spill.push(0.5); // grow without holes
  for (let k = 2 * count + 1; k >= 2 * j + 2; k--) spill[k] = spill[k - 2]!;
  spill[2 * j] = price;
  spill[2 * j + 1] = qty;
  spillLength[side] = count + 1;
}

export function spillDelete(side: number, j: number): void {
  const spill = SPILL[side]!;
  const count = spillLength[side]!;
  for (let k = 2 * j; k < 2 * count - 2; k++) spill[k] = spill[k + 2]!;
  spillLength[side] = count - 1;
}
