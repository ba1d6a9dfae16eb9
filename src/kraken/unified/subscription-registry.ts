/**
 * The Unified WebSocket subscriptions a client wants, kept so that each is replayed on a new
 * socket (nothing survives a reconnect on Kraken's side).
 *
 * A subscribe carries one `channel`, an `asset_class`, a `symbol` array and channel options;
 * subscriptions with the same channel and options share a group, so a replay sends one request
 * per group. An unsubscribe names the channel, the symbols and the identifying options only
 * (`asset_class`; `book` `depth`; `ohlc` `interval` and `tick_type`), which is what the generated
 * `UnsubscribeRequest` schema accepts. Defaults are filled in first (`depth` 10, `tick_type`
 * trade) so that an omitted option and its default are one subscription.
 *
 * `margin` and `positions` allow one subscription per connection (a second is refused with
 * "Already subscribed to … channel"): the registry holds at most one group of each, and a
 * second one with other options is refused here, before anything is sent.
 */
import { KrakenStateError } from '../../core/errors.js';

const IDENTITY: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  book: { asset_class: undefined, depth: 10 },
  ticker: { asset_class: undefined },
  trade: { asset_class: undefined },
  ohlc: { asset_class: undefined, interval: undefined, tick_type: 'trade' },
  instrument: { asset_class: undefined },
  executions: { asset_class: undefined },
  balances: { asset_class: undefined },
  margin: { asset_class: undefined },
  positions: { asset_class: undefined },
};

/** Channels whose subscription carries the session token. */
export const UWS_PRIVATE_CHANNELS: ReadonlySet<string> = new Set(['executions', 'balances', 'margin', 'positions']);
/** Channels Kraken allows once per connection. */
export const UWS_ONE_PER_CONNECTION: ReadonlySet<string> = new Set(['margin', 'positions']);

export interface UwsSubscriptionGroup {
  readonly channel: string;
  /** Channel options without `channel`, `symbol` and `token`, identity defaults filled in. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The symbols, or null for channels without a `symbol` param. */
  readonly symbols: readonly string[] | null;
}

export interface UwsUnsubscribeTarget {
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

export class UwsSubscriptionRegistry {
  readonly #groups = new Map<string, Group>();

  /**
   * Records a subscription. Returns the group's options and the symbols not yet subscribed in
   * that group; for symbol-less channels `added` is null when new and `[]` when already present.
   * Throws `KrakenStateError` for a second, different subscription of a once-per-connection channel.
   */
  add(channel: string, params: Readonly<Record<string, unknown>>): { options: Record<string, unknown>; added: string[] | null } {
    const { options, symbols } = splitParams(channel, params);
    const key = keyOf(channel, options);
    let group = this.#groups.get(key);
    if (group === undefined && UWS_ONE_PER_CONNECTION.has(channel) && [...this.#groups.values()].some((g) => g.channel === channel)) {
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
    const added = [...new Set(symbols.filter((s) => !group.symbols!.has(s)))];
    for (const s of added) group.symbols!.add(s);
    return { options, added };
  }

  /** Removes what an unsubscribe names; one target per matched group (empty: nothing was subscribed). */
  remove(channel: string, params: Readonly<Record<string, unknown>>): UwsUnsubscribeTarget[] {
    const { options, symbols } = splitParams(channel, params);
    const wanted = identityOf(channel, options);
    const targets: UwsUnsubscribeTarget[] = [];
    for (const [key, group] of this.#groups) {
      if (group.channel !== channel) continue;
      const identity = identityOf(channel, group.options);
      if (!Object.entries(wanted).every(([k, v]) => identity[k] === v)) continue;
      if (group.symbols === null || symbols === null) {
        this.#groups.delete(key);
        targets.push({ identity, symbols: group.symbols === null ? null : [...group.symbols] });
        continue;
      }
      const removed = symbols.filter((s) => group.symbols!.delete(s));
      if (group.symbols.size === 0) this.#groups.delete(key);
      if (removed.length > 0) targets.push({ identity, symbols: removed });
    }
    return targets;
  }

  /** Drops a symbol (or a symbol-less group) the venue refused, so replays do not repeat the refusal. */
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

  identityOf(channel: string, options: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return identityOf(channel, options);
  }

  groups(): UwsSubscriptionGroup[] {
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
