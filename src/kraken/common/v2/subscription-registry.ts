/**
 * The subscriptions a Kraken WebSocket v2 client wants (Spot WS v2 and the Unified WebSocket share
 * the format), kept so that each is replayed on a new socket: Kraken restores nothing after a
 * reconnect.
 *
 * Grouping follows Kraken's request shape: a subscribe carries one `channel`, a `symbol` array and
 * channel options. Subscriptions with the same channel and options share a group, so a replay sends
 * one request per group with every symbol in it. An unsubscribe names the channel, the symbols and
 * only the identifying options (each client's table: the options its generated
 * `UnsubscribeRequest` schema accepts) and removes those symbols from every group it matches.
 * Defaults are filled in first, so that an omitted option and its default are one subscription.
 */
import { KrakenStateError } from '../../../core/errors.js';

/** Per channel: the options that tell two subscriptions apart, and Kraken's default of each (undefined: none). */
export type IdentityTable = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface V2SubscriptionGroup {
  readonly channel: string;
  /** Channel options without `channel`, `symbol` and `token`, identity defaults filled in. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The symbols, or null for channels without a `symbol` param. */
  readonly symbols: readonly string[] | null;
}

export interface V2UnsubscribeTarget {
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
  table: IdentityTable,
  channel: string,
  params: Readonly<Record<string, unknown>>,
): { options: Record<string, unknown>; symbols: string[] | null } {
  const options: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(table[channel] ?? {})) if (v !== undefined) options[k] = v;
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

function identityOf(table: IdentityTable, channel: string, options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(table[channel] ?? {})) if (options[k] !== undefined) out[k] = options[k];
  return out;
}

export class V2SubscriptionRegistry {
  readonly #groups = new Map<string, Group>();
  readonly #identity: IdentityTable;
  readonly #onePerConnection: ReadonlySet<string>;

  /**
   * `identity`: per channel, the options that tell two subscriptions apart, with Kraken's
   * documented defaults (undefined: no default). `onePerConnection`: channels Kraken allows once per
   * connection; a second, different subscription of one is refused here, before anything is sent.
   */
  constructor(identity: IdentityTable, onePerConnection: ReadonlySet<string> = new Set()) {
    this.#identity = identity;
    this.#onePerConnection = onePerConnection;
  }

  /**
   * Records a subscription. Returns the group's options and the symbols that were *not* already
   * subscribed in that group (only those need a request; re-sending would earn "Already subscribed").
   * For symbol-less channels `added` is null when newly added and `[]` when already present.
   */
  add(channel: string, params: Readonly<Record<string, unknown>>): { options: Record<string, unknown>; added: string[] | null } {
    const { options, symbols } = splitParams(this.#identity, channel, params);
    const key = keyOf(channel, options);
    let group = this.#groups.get(key);
    if (group === undefined && this.#onePerConnection.has(channel) && [...this.#groups.values()].some((g) => g.channel === channel)) {
      throw new KrakenStateError(
        `Kraken allows one '${channel}' subscription per connection and one with other options is active: unsubscribe it first, or use another client`,
      );
    }
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
  remove(channel: string, params: Readonly<Record<string, unknown>>): V2UnsubscribeTarget[] {
    const { options, symbols } = splitParams(this.#identity, channel, params);
    const wanted = identityOf(this.#identity, channel, options);
    const targets: V2UnsubscribeTarget[] = [];
    for (const [key, group] of this.#groups) {
      if (group.channel !== channel) continue;
      const identity = identityOf(this.#identity, channel, group.options);
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
    return identityOf(this.#identity, channel, options);
  }

  groups(): V2SubscriptionGroup[] {
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
