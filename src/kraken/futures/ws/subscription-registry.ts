/**
 * The Futures feeds this client wants, replayed on every new socket. Kraken Futures identifies a
 * subscription by `feed` plus `product_ids`; feeds without products
 * (heartbeat, most private feeds) are a single subscription each. `fills` may be filtered by
 * product or not: an unfiltered `fills` is kept as the symbol-less form.
 */

/** Feeds that need the signed challenge. */
export const FUTURES_PRIVATE_FEEDS: ReadonlySet<string> = new Set([
  'open_orders',
  'open_orders_verbose',
  'fills',
  'open_positions',
  'balances',
  'account_log',
  'notifications_auth',
]);

export interface FuturesSubscription {
  readonly feed: string;
  readonly productIds: readonly string[] | null;
}

export class FuturesSubscriptionRegistry {
  readonly #feeds = new Map<string, Set<string> | null>();

  /** Records a subscription; returns the products not yet subscribed (null: a new product-less feed; []: nothing new). */
  add(feed: string, productIds: readonly string[] | undefined): string[] | null {
    const existing = this.#feeds.get(feed);
    if (productIds === undefined) {
      if (this.#feeds.has(feed) && existing === null) return [];
      this.#feeds.set(feed, null);
      return null;
    }
    const set = existing ?? new Set<string>();
    const added = [...new Set(productIds.filter((p) => !set.has(p)))];
    for (const p of added) set.add(p);
    this.#feeds.set(feed, set);
    return added;
  }

  /** Removes products (or the whole feed); returns what to unsubscribe, or undefined if nothing was subscribed. */
  remove(feed: string, productIds: readonly string[] | undefined): FuturesSubscription | undefined {
    if (!this.#feeds.has(feed)) return undefined;
    const existing = this.#feeds.get(feed) ?? null;
    if (productIds === undefined || existing === null) {
      this.#feeds.delete(feed);
      return { feed, productIds: existing === null ? null : [...existing] };
    }
    const removed = productIds.filter((p) => existing.delete(p));
    if (existing.size === 0) this.#feeds.delete(feed);
    return removed.length === 0 ? undefined : { feed, productIds: removed };
  }

  /** Forgets a feed (or some of its products) the venue refused. */
  forget(feed: string, productIds: readonly string[] | null): void {
    const existing = this.#feeds.get(feed);
    if (existing === undefined) return;
    if (existing === null || productIds === null) {
      this.#feeds.delete(feed);
      return;
    }
    for (const p of productIds) existing.delete(p);
    if (existing.size === 0) this.#feeds.delete(feed);
  }

  subscriptions(): FuturesSubscription[] {
    return [...this.#feeds].map(([feed, set]) => ({ feed, productIds: set === null ? null : [...set] }));
  }

  get size(): number {
    return this.#feeds.size;
  }
}
