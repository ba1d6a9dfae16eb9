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
  /** Each entry's ids, so a cancel or an amend touches only its own (not every remembered order). */
  readonly #idsOf = new Map<OrderAgeEntry, string[]>();

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#byId.size;
  }

  /** Records a new order under each of its ids (txid, cl_ord_id). */
  placed(ids: readonly (string | undefined)[], pair: string, atMs: number): void {
    const entry: OrderAgeEntry = { pair, sinceMs: atMs };
    const own: string[] = [];
    for (const id of ids) {
      if (id === undefined || id === '') continue;
      this.#drop(id);
      this.#byId.set(id, entry);
      if (!own.includes(id)) own.push(id);
    }
    if (own.length > 0) this.#idsOf.set(entry, own);
    while (this.#byId.size > this.#capacity) this.#drop(this.#byId.keys().next().value as string);
  }

  /** An amend restarts the order's age (Kraken prices from the creation or the last amend). */
  amended(id: string, atMs: number): void {
    const entry = this.#byId.get(id);
    if (entry === undefined) return;
    const renewed: OrderAgeEntry = { pair: entry.pair, sinceMs: atMs };
    const ids = this.#idsOf.get(entry) ?? [id];
    for (const key of ids) this.#byId.set(key, renewed); // keeps each id's place in the eviction order
    this.#idsOf.delete(entry);
    this.#idsOf.set(renewed, ids);
  }

  lookup(id: string | undefined): OrderAgeEntry | undefined {
    return id === undefined ? undefined : this.#byId.get(id);
  }

  /** Forgets an order under every id it was recorded with. */
  forget(id: string): void {
    const entry = this.#byId.get(id);
    if (entry === undefined) return;
    for (const key of this.#idsOf.get(entry) ?? [id]) this.#byId.delete(key);
    this.#idsOf.delete(entry);
  }

  /** Every known order, once each. */
  entries(): OrderAgeEntry[] {
    return [...new Set(this.#byId.values())];
  }

  clear(): void {
    this.#byId.clear();
    this.#idsOf.clear();
  }

  /** Removes one id; its order stays known under its other ids. */
  #drop(id: string): void {
    const entry = this.#byId.get(id);
    if (entry === undefined) return;
    this.#byId.delete(id);
    const ids = this.#idsOf.get(entry);
    if (ids === undefined) return;
    const rest = ids.filter((k) => k !== id);
    if (rest.length > 0) this.#idsOf.set(entry, rest);
    else this.#idsOf.delete(entry);
  }
}
