/**
 * Sending a Kraken WebSocket v2 client's subscribe / unsubscribe requests for its registry (Spot
 * WS v2 and the Unified WebSocket share this): on demand, as a replay on each new socket, and as
 * an unsubscribe-then-subscribe resync (a book checksum mismatch, a dropped stateful frame, a stale
 * subscription, a `positions` snapshot that reported `snapshot_too_large`).
 *
 * Kraken answers a multi-symbol (un)subscribe once per symbol, so a request waits for one ack per
 * symbol; a refused symbol is forgotten so that replays do not repeat it. A subscription refused
 * before it is sent (the generated encoder rejects its params) is forgotten too; only a transport
 * failure (no answer) keeps it registered, for the next connection's replay.
 */
import type { KrakenError } from '../../../core/errors.js';
import { KrakenTransportError } from '../../../core/errors.js';
import type { V2SubscriptionRegistry } from './subscription-registry.js';

/** What this layer reads of a (un)subscribe answer. */
export interface V2Ack {
  readonly success?: boolean;
  readonly symbol?: string;
  readonly error?: string;
}

/** What the subscription layer needs from the client: request ids, a correlated exchange, the token, error classification. */
export interface V2RequestIo<Ack extends V2Ack = V2Ack> {
  nextReqId(): number;
  /** Sends `text` and waits for `expected` answers to `reqId`, each validated as a `method` response. */
  exchange(method: 'subscribe' | 'unsubscribe', reqId: number, text: string, what: string, expected: number): Promise<readonly Ack[]>;
  tokenParam(channel: string): { token?: string };
  venueError(answers: readonly Ack[], what: string): KrakenError;
}

/** The client's generated encoders (they validate the message and write decimals digit for digit). */
export interface V2SubscriptionEncoders {
  subscribe(message: { method: 'subscribe'; params: never; req_id: number }): string;
  unsubscribe(message: { method: 'unsubscribe'; params: never; req_id: number }): string;
}

/** Told whenever the venue confirmed a subscription (e.g. staleness watching starts there). */
export type V2AckListener = (channel: string, options: Readonly<Record<string, unknown>>, symbols: readonly string[] | null) => void;

export class V2Subscriptions<Sub extends V2Ack, Unsub extends V2Ack> {
  readonly registry: V2SubscriptionRegistry;
  readonly #encoders: V2SubscriptionEncoders;
  readonly #io: V2RequestIo<Sub | Unsub>;
  readonly #onAcked: V2AckListener;

  constructor(
    registry: V2SubscriptionRegistry,
    encoders: V2SubscriptionEncoders,
    io: V2RequestIo<Sub | Unsub>,
    onAcked: V2AckListener = () => undefined,
  ) {
    this.registry = registry;
    this.#encoders = encoders;
    this.#io = io;
    this.#onAcked = onAcked;
  }

  /**
   * Registers, then sends only what is new. What the encoder refuses is forgotten whole, what the
   * venue refuses symbol by symbol (the accepted symbols of the same request stay); a request that
   * got no answer stays registered for the next connection's replay.
   */
  async subscribe(channel: string, params: Readonly<Record<string, unknown>>): Promise<Sub[]> {
    const { options, added } = this.registry.add(channel, params);
    if (added !== null && added.length === 0) return [];
    return this.#sendSubscribe(channel, options, added);
  }

  /** Forgets, then (when `connected`) unsubscribes what was forgotten. */
  async unsubscribe(channel: string, params: Readonly<Record<string, unknown>>, connected: boolean): Promise<Unsub[]> {
    const targets = this.registry.remove(channel, params);
    if (!connected) return [];
    const acks: Unsub[] = [];
    for (const t of targets) acks.push(...(await this.#sendUnsubscribe(channel, t.identity, t.symbols)));
    return acks;
  }

  /**
   * Unsubscribes and resubscribes the registered symbols of `channel` (all of them when `symbols`
   * is null), for a fresh snapshot. The registry is unchanged.
   */
  async resyncSymbols(channel: string, symbols: readonly string[] | null): Promise<void> {
    const wanted = symbols === null ? null : new Set(symbols);
    for (const g of this.registry.groups()) {
      if (g.channel !== channel) continue;
      const chosen = g.symbols === null ? null : g.symbols.filter((s) => wanted === null || wanted.has(s));
      if (chosen !== null && chosen.length === 0) continue;
      await this.#sendUnsubscribe(channel, this.registry.identityOf(channel, g.options), chosen);
      await this.#sendSubscribe(channel, g.options, chosen);
    }
  }

  /**
   * Replays the whole registry on a new socket. Throws the first transport failure (no answer:
   * the caller reconnects); returns the venue's refusals (those symbols are already forgotten).
   */
  async replay(): Promise<KrakenError[]> {
    const groups = this.registry.groups();
    const outcomes = await Promise.allSettled(groups.map((g) => this.#sendSubscribe(g.channel, g.options, g.symbols)));
    const refusals: KrakenError[] = [];
    for (const o of outcomes) {
      if (o.status === 'fulfilled') continue;
      if (o.reason instanceof KrakenTransportError) throw o.reason;
      refusals.push(o.reason as KrakenError);
    }
    return refusals;
  }

  async #sendSubscribe(channel: string, options: Readonly<Record<string, unknown>>, symbols: readonly string[] | null): Promise<Sub[]> {
    const reqId = this.#io.nextReqId();
    const params = { channel, ...options, ...(symbols === null ? {} : { symbol: [...symbols] }), ...this.#io.tokenParam(channel) };
    let text: string;
    try {
      text = this.#encoders.subscribe({ method: 'subscribe', params: params as never, req_id: reqId });
    } catch (e) {
      // Refused before sending: a replay would refuse it again, so it is forgotten like a venue refusal.
      for (const s of symbols ?? [undefined]) this.registry.forget(channel, options, s);
      throw e;
    }
    const answers = await this.#io.exchange('subscribe', reqId, text, `subscribe ${channel}`, symbols?.length ?? 1);
    const refused = answers.filter((a) => a.success !== true);
    const refusedSymbols = new Set<string>();
    for (const a of refused) {
      const symbol = typeof a.symbol === 'string' ? a.symbol : undefined;
      if (symbol !== undefined) refusedSymbols.add(symbol);
      this.registry.forget(channel, options, symbol);
    }
    // A refusal without a symbol refuses the whole request.
    if (!refused.some((a) => a.symbol === undefined)) {
      const accepted = symbols === null ? null : symbols.filter((s) => !refusedSymbols.has(s));
      if (accepted === null || accepted.length > 0) this.#onAcked(channel, options, accepted);
    }
    if (refused.length > 0) throw this.#io.venueError(refused, `subscribe ${channel}`);
    return answers as Sub[];
  }

  async #sendUnsubscribe(
    channel: string,
    identity: Readonly<Record<string, unknown>>,
    symbols: readonly string[] | null,
  ): Promise<Unsub[]> {
    const reqId = this.#io.nextReqId();
    const params = { channel, ...identity, ...(symbols === null ? {} : { symbol: [...symbols] }), ...this.#io.tokenParam(channel) };
    const text = this.#encoders.unsubscribe({ method: 'unsubscribe', params: params as never, req_id: reqId });
    const answers = await this.#io.exchange('unsubscribe', reqId, text, `unsubscribe ${channel}`, symbols?.length ?? 1);
    const refused = answers.filter((a) => a.success !== true);
    if (refused.length > 0) throw this.#io.venueError(refused, `unsubscribe ${channel}`);
    return answers as Unsub[];
  }
}
