/**
 * The Spot WS v2 subscriptions this client wants, kept so every one can be replayed on a new
 * socket (Kraken does not restore subscriptions after a reconnect; docs/reliability.md N1).
 *
 * Grouping follows Kraken's own request shape: a subscribe carries one
 * `channel`, a `symbol` array and channel options. Subscriptions with the same channel and the
 * same options share a group, so a replay sends one request per group with every symbol in it.
 * An unsubscribe names the channel, the symbols and only the *identifying* options — `book` and
 * `level3` `depth`, `ohlc` `interval`, `ticker` `event_trigger` (the generated
 * `UnsubscribeRequest` schema accepts exactly these) — and removes those symbols from every group
 * it matches. Defaults are filled in first (`depth` 10, `event_trigger` "trades") so that
 * `{depth: 10}` and an omitted depth are the same subscription.
 */

/** Options that tell two subscriptions of one channel apart, with Kraken's documented defaults. */
const IDENTITY: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  ticker: { event_trigger: 'trades' },
  book: { depth: 10 },
  ohlc: { interval: undefined },
  level3: { depth: 10 },
};

/** Channels whose subscription carries the session token. */
export const SPOT_PRIVATE_CHANNELS: ReadonlySet<string> = new Set(['executions', 'balances', 'level3']);

export interface SpotSubscriptionGroup {
  readonly channel: string;
  /** Channel options without `channel`, `symbol` and `token`, identity defaults filled in. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The symbols, or null for channels without a `symbol` param (instrument, executions, balances). */
  readonly symbols: readonly string[] | null;
}

export interface SpotUnsubscribeTarget {
  readonly channel: string;
  /** Only the identifying options, for the unsubscribe request. */
  readonly identity: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[] | null;
}

interface Group {
  readonly channel: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly symbols: Set<string> | null;
}

function splitParams(
  channel: string,
  params: Readonly<Record<string, unknown>>,
): { options: Record<string, unknown>; symbols: string[] | null } {
  const options: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(IDENTITY[channel] ?? {})) if (v !== undefined) options[k] = v;
  let symbols: string[] | null = null;
  for (const [k, v] of Object.entries(params)) {
    if (k === 'channel' || k === 'token' || v === undefined) continue;
    if (k === 'symbol') symbols = Array.isArray(v) ? v.map(String) : [typeof v === 'string' ? v : JSON.stringify(v)];
    else options[k] = v;
  }
  return { options, symbols };
}

function keyOf(channel: string, options: Readonly<Record<string, unknown>>): string {
  const sorted = Object.keys(options)
    .sort()
    .map((k) => [k, options[k]]);
  return `${channel}|${JSON.stringify(sorted)}`;
}

function identityOf(channel: string, options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(IDENTITY[channel] ?? {})) if (options[k] !== undefined) out[k] = options[k];
  return out;
}

export class SpotSubscriptionRegistry {
  readonly #groups = new Map<string, Group>();

  /**
   * Records a subscription. Returns the group's options and the symbols that were *not* already
   * subscribed in that group (only those need a request; re-sending would earn "Already subscribed").
   * For symbol-less channels `added` is null when newly added and `[]` when already present.
   */
  add(channel: string, params: Readonly<Record<string, unknown>>): { options: Record<string, unknown>; added: string[] | null } {
    const { options, symbols } = splitParams(channel, params);
    const key = keyOf(channel, options);
    let group = this.#groups.get(key);
    if (symbols === null) {
      if (group !== undefined) return { options, added: [] };
      this.#groups.set(key, { channel, options, symbols: null });
      return { options, added: null };
    }
    if (group === undefined) {
      group = { channel, options, symbols: new Set() };
      this.#groups.set(key, group);
    }
    const added = symbols.filter((s) => !group.symbols!.has(s));
    for (const s of added) group.symbols!.add(s);
    return { options, added: [...new Set(added)] };
  }

  /** Removes what an unsubscribe names; returns one target per matched group (empty: nothing was subscribed). */
  remove(channel: string, params: Readonly<Record<string, unknown>>): SpotUnsubscribeTarget[] {
    const { options, symbols } = splitParams(channel, params);
    const wanted = identityOf(channel, options);
    const targets: SpotUnsubscribeTarget[] = [];
    for (const [key, group] of this.#groups) {
      if (group.channel !== channel) continue;
      const identity = identityOf(channel, group.options);
      if (!Object.entries(wanted).every(([k, v]) => identity[k] === v)) continue;
      if (group.symbols === null || symbols === null) {
        this.#groups.delete(key);
        targets.push({ channel, identity, symbols: group.symbols === null ? null : [...group.symbols] });
        continue;
      }
      const removed = symbols.filter((s) => group.symbols!.delete(s));
      if (group.symbols.size === 0) this.#groups.delete(key);
      if (removed.length > 0) targets.push({ channel, identity, symbols: removed });
    }
    return targets;
  }

  /** Drops one symbol (or a symbol-less group) the venue refused, so replays do not repeat the refusal. */
  forget(channel: string, options: Readonly<Record<string, unknown>>, symbol: string | undefined): void {
    const key = keyOf(channel, options);
    const group = this.#groups.get(key);
    if (group === undefined) return;
    if (group.symbols === null || symbol === undefined) {
      this.#groups.delete(key);
      return;
    }
    group.symbols.delete(symbol);
    if (group.symbols.size === 0) this.#groups.delete(key);
  }

  /** The identifying options of a group (what an unsubscribe must name). */
  identityOf(channel: string, options: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return identityOf(channel, options);
  }

  groups(): SpotSubscriptionGroup[] {
    return [...this.#groups.values()].map((g) => ({
      channel: g.channel,
      options: { ...g.options },
      symbols: g.symbols === null ? null : [...g.symbols],
    }));
  }

  get size(): number {
    return this.#groups.size;
  }
}
