/**
 * Sending Spot WS v2 subscribe / unsubscribe requests for the registry: on demand, as a replay
 * on each new socket (docs/reliability.md N1), and as an unsubscribe-then-subscribe resync of
 * single symbols (a book checksum mismatch, D1 there; a stale subscription, N3).
 *
 * Kraken answers a multi-symbol (un)subscribe once per symbol, so a request
 * waits for one ack per symbol; a refused symbol is forgotten so that replays do not repeat it.
 */
import type { KrakenError } from '../../../core/errors.js';
import { KrakenTransportError } from '../../../core/errors.js';
import { encodeSubscribeRequest, encodeUnsubscribeRequest } from '../../../../generated/spot-ws-v2/encoders.gen.js';
import type { MethodResponses } from '../../../../generated/spot-ws-v2/routes.gen.js';
import { SpotSubscriptionRegistry } from './subscription-registry.js';
import type { SpotWsAck, SubscribeResponse, UnsubscribeResponse } from './types.js';

/** What the subscription layer needs from the client: request ids, a correlated exchange (answers typed by method), the token. */
export interface SpotRequestIo {
  nextReqId(): number;
  exchange<M extends 'subscribe' | 'unsubscribe'>(
    method: M,
    reqId: number,
    text: string,
    what: string,
    expectedAcks: number,
  ): Promise<MethodResponses[M][]>;
  tokenParam(channel: string): { token?: string };
  venueError(answers: readonly SpotWsAck[], what: string): KrakenError;
}

/** Told whenever the venue confirmed a subscription (staleness watching starts there). */
export type SpotAckListener = (channel: string, options: Readonly<Record<string, unknown>>, symbols: readonly string[] | null) => void;

export class SpotSubscriptions {
  readonly registry = new SpotSubscriptionRegistry();
  readonly #io: SpotRequestIo;
  readonly #onAcked: SpotAckListener;

  constructor(io: SpotRequestIo, onAcked: SpotAckListener) {
    this.#io = io;
    this.#onAcked = onAcked;
  }

  /** Registers, then sends only what is new. */
  async subscribe(channel: string, params: Readonly<Record<string, unknown>>): Promise<SubscribeResponse[]> {
    const { options, added } = this.registry.add(channel, params);
    if (added !== null && added.length === 0) return [];
    return this.#sendSubscribe(channel, options, added);
  }

  /** Forgets, then (when `connected`) unsubscribes what was forgotten. */
  async unsubscribe(channel: string, params: Readonly<Record<string, unknown>>, connected: boolean): Promise<UnsubscribeResponse[]> {
    const targets = this.registry.remove(channel, params);
    if (!connected) return [];
    const acks: UnsubscribeResponse[] = [];
    for (const t of targets) acks.push(...(await this.#sendUnsubscribe(channel, t.identity, t.symbols)));
    return acks;
  }

  /**
   * Unsubscribes and resubscribes the registered symbols of `channel` named by `params` (all its
   * symbols when `params.symbol` is absent), for a fresh snapshot. The registry is unchanged.
   */
  async resync(channel: string, params: Readonly<Record<string, unknown>>): Promise<void> {
    const wanted = Array.isArray(params['symbol']) ? new Set((params['symbol'] as unknown[]).map(String)) : null;
    for (const g of this.registry.groups()) {
      if (g.channel !== channel) continue;
      const symbols = g.symbols === null ? null : g.symbols.filter((s) => wanted === null || wanted.has(s));
      if (symbols !== null && symbols.length === 0) continue;
      const identity = this.registry.identityOf(channel, g.options);
      await this.#sendUnsubscribe(channel, identity, symbols);
      await this.#sendSubscribe(channel, g.options, symbols);
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

  async #sendSubscribe(
    channel: string,
    options: Readonly<Record<string, unknown>>,
    symbols: readonly string[] | null,
  ): Promise<SubscribeResponse[]> {
    const reqId = this.#io.nextReqId();
    const params = { channel, ...options, ...(symbols === null ? {} : { symbol: [...symbols] }), ...this.#io.tokenParam(channel) };
    const text = encodeSubscribeRequest({ method: 'subscribe', params: params as never, req_id: reqId });
    const answers = await this.#io.exchange('subscribe', reqId, text, `subscribe ${channel}`, symbols?.length ?? 1);
    const refused = answers.filter((a) => a['success'] !== true);
    const refusedSymbols = new Set<string>();
    for (const a of refused) {
      const symbol = typeof a['symbol'] === 'string' ? a['symbol'] : undefined;
      if (symbol !== undefined) refusedSymbols.add(symbol);
      this.registry.forget(channel, options, symbol);
    }
    // A refusal without a symbol refuses the whole request.
    if (!refused.some((a) => a['symbol'] === undefined)) {
      const accepted = symbols === null ? null : symbols.filter((s) => !refusedSymbols.has(s));
      if (accepted === null || accepted.length > 0) this.#onAcked(channel, options, accepted);
    }
    if (refused.length > 0) throw this.#io.venueError(refused, `subscribe ${channel}`);
    return answers;
  }

  async #sendUnsubscribe(
    channel: string,
    identity: Readonly<Record<string, unknown>>,
    symbols: readonly string[] | null,
  ): Promise<UnsubscribeResponse[]> {
    const reqId = this.#io.nextReqId();
    const params = { channel, ...identity, ...(symbols === null ? {} : { symbol: [...symbols] }), ...this.#io.tokenParam(channel) };
    const text = encodeUnsubscribeRequest({ method: 'unsubscribe', params: params as never, req_id: reqId });
    const answers = await this.#io.exchange('unsubscribe', reqId, text, `unsubscribe ${channel}`, symbols?.length ?? 1);
    const refused = answers.filter((a) => a['success'] !== true);
    if (refused.length > 0) throw this.#io.venueError(refused, `unsubscribe ${channel}`);
    return answers;
  }
}
