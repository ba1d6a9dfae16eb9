/**
 * What the rate limiter remembers about the key's orders: the pair and when each was placed or
 * last amended, by txid and client order id. The trading engine prices an amend, edit or cancel
 * by that age, and a REST cancel names only the order, not its pair.
 *
 * Bounded: past `capacity` entries the oldest are forgotten (an unknown order is priced as brand
 * new, the dearest case, so forgetting errs on the safe side).
 */
export interface OrderAgeEntry {
  readonly pair: string;
  /** When the order was placed or last amended, epoch ms. */
  readonly sinceMs: number;
}

export class OrderAgeBook {
  readonly #capacity: number;
  readonly #byId = new Map<string, OrderAgeEntry>();

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#byId.size;
  }

  /** Records a new order under each of its ids (txid, cl_ord_id). */
  placed(ids: readonly (string | undefined)[], pair: string, atMs: number): void {
    const entry: OrderAgeEntry = { pair, sinceMs: atMs };
    for (const id of ids) {
      if (id === undefined || id === '') continue;
      this.#byId.delete(id);
      this.#byId.set(id, entry);
    }
    while (this.#byId.size > this.#capacity) this.#byId.delete(this.#byId.keys().next().value as string);
  }

  /** An amend restarts the order's age (Kraken prices from the creation or the last amend). */
  amended(id: string, atMs: number): void {
    const entry = this.#byId.get(id);
    if (entry === undefined) return;
    const renewed: OrderAgeEntry = { pair: entry.pair, sinceMs: atMs };
    for (const [key, e] of this.#byId) if (e === entry) this.#byId.set(key, renewed);
  }

  lookup(id: string | undefined): OrderAgeEntry | undefined {
    return id === undefined ? undefined : this.#byId.get(id);
  }

  /** Forgets an order under every id it was recorded with. */
  forget(id: string): void {
    const entry = this.#byId.get(id);
    if (entry === undefined) return;
    for (const [key, e] of this.#byId) if (e === entry) this.#byId.delete(key);
  }

  /** Every known order, once each. */
  entries(): OrderAgeEntry[] {
    return [...new Set(this.#byId.values())];
  }

  clear(): void {
    this.#byId.clear();
  }
}
