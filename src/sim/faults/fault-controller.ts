/**
 * Holds the active fault rules and decides, deterministically from the seed, which one fires
 * at each point where the servers ask. Servers call the `take*` methods; tests and the CLI call
 * `add`, the helpers, `closeWs` and `clear` (exposed as `sim.faults`).
 */
import { systemClock, type Clock } from '../../core/clock.js';
import { Mulberry32Random } from '../random/mulberry32.js';
import {
  validateFaultRule,
  type FaultRule,
  type HttpFault,
  type OrderAckFault,
  type VenueErrorFault,
  type WsMessageFault,
  type WsTarget,
} from './fault-rules.js';

export type WsCloseCode = 1001 | 1006 | 1011 | 1013;
export type WsCloseListener = (target: WsTarget, code: WsCloseCode) => void;

interface ActiveRule {
  readonly id: number;
  readonly rule: FaultRule;
  remaining: number;
  silencedUntilMs?: number;
}

export interface FaultHandle {
  readonly id: number;
  remove(): void;
}

/** What `fired` records: a rule's kind, or `ws-close` for a `closeWs` call (not a rule). */
export type FiredFaultKind = FaultRule['kind'] | 'ws-close';

export interface FiredFault {
  readonly kind: FiredFaultKind;
  readonly at: string;
}

export class FaultController {
  private readonly rules: ActiveRule[] = [];
  private readonly closeListeners = new Set<WsCloseListener>();
  private readonly random: Mulberry32Random;
  private nextId = 1;
  /** Every fault that fired, in order: lets tests and the soak harness count injections. */
  readonly fired: FiredFault[] = [];

  /** `clock` times `ws-silence` windows (default: the system clock). */
  constructor(
    seed: number | string,
    private readonly clock: Pick<Clock, 'nowMs'> = systemClock,
  ) {
    this.random = new Mulberry32Random(`faults:${seed}`);
  }

  /** Arms a rule after the same check as CLI and control-API rules (`validateFaultRule`). */
  add(rule: FaultRule): FaultHandle {
    validateFaultRule(rule);
    const id = this.nextId++;
    const active: ActiveRule = { id, rule, remaining: 'times' in rule && rule.times !== undefined ? rule.times : 1 };
    if (rule.kind === 'ws-silence') {
      active.remaining = Number.POSITIVE_INFINITY;
      active.silencedUntilMs = rule.durationMs === undefined ? Number.POSITIVE_INFINITY : this.clock.nowMs() + rule.durationMs;
    }
    this.rules.push(active);
    return { id, remove: () => this.remove(id) };
  }

  remove(id: number): void {
    const i = this.rules.findIndex((r) => r.id === id);
    if (i >= 0) this.rules.splice(i, 1);
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** The rules still armed (copies). */
  active(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  // --- helpers named after the scenarios ------------------------------------------------------

  dropWsMessages(target: WsTarget, channel?: string, times = 1): FaultHandle {
    return this.add({ kind: 'ws-drop', target, ...(channel === undefined ? {} : { channel }), times });
  }

  corruptBookChecksum(times = 1): FaultHandle {
    return this.add({ kind: 'ws-bad-checksum', target: 'spot-public', channel: 'book', times });
  }

  futuresSeqGap(times = 1): FaultHandle {
    return this.add({ kind: 'ws-seq-gap', target: 'futures', channel: 'book', times });
  }

  silence(target: WsTarget, durationMs?: number): FaultHandle {
    return this.add({ kind: 'ws-silence', target, ...(durationMs === undefined ? {} : { durationMs }) });
  }

  http5xx(path?: string, status = 502, times = 1): FaultHandle {
    return this.add({ kind: 'http-5xx', ...(path === undefined ? {} : { path }), status, times });
  }

  venueError(error: string, path?: string, times = 1): FaultHandle {
    return this.add({ kind: 'venue-error', error, ...(path === undefined ? {} : { path }), times });
  }

  loseOrderAck(via?: 'rest' | 'ws', times = 1): FaultHandle {
    return this.add({ kind: 'order-ack-lost', ...(via === undefined ? {} : { via }), times });
  }

  delayOrderAck(delayMs: number, via?: 'rest' | 'ws', times = 1): FaultHandle {
    return this.add({ kind: 'order-ack-delay', delayMs, ...(via === undefined ? {} : { via }), times });
  }

  /** Closes every socket of `target` now: 1001 (going away, Cloudflare restart) or 1006 (abnormal, no close frame). */
  closeWs(target: WsTarget, code: WsCloseCode = 1006): void {
    this.fired.push({ kind: 'ws-close', at: `close:${target}:${code}` });
    for (const listener of this.closeListeners) listener(target, code);
  }

  onWsClose(listener: WsCloseListener): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  // --- queried by the servers ----------------------------------------------------------------

  takeHttp(path: string): HttpFault | undefined {
    return this.take(
      (r): r is HttpFault =>
        (r.kind === 'http-5xx' || r.kind === 'http-timeout' || r.kind === 'http-malformed-json') && matchesPath(r.path, path),
      path,
    );
  }

  takeVenueError(pathOrMethod: string): VenueErrorFault | undefined {
    return this.take((r): r is VenueErrorFault => r.kind === 'venue-error' && matchesPath(r.path, pathOrMethod), pathOrMethod);
  }

  takeOrderAck(via: 'rest' | 'ws'): OrderAckFault | undefined {
    return this.take(
      (r): r is OrderAckFault => (r.kind === 'order-ack-delay' || r.kind === 'order-ack-lost') && (r.via === undefined || r.via === via),
      `order-ack:${via}`,
    );
  }

  takeWsMessage(target: WsTarget, channel: string | undefined): WsMessageFault | undefined {
    return this.take(
      (r): r is WsMessageFault =>
        r.kind.startsWith('ws-') &&
        r.kind !== 'ws-silence' &&
        (r as WsMessageFault).target === target &&
        ((r as WsMessageFault).channel === undefined || (r as WsMessageFault).channel === channel),
      `ws:${target}:${channel ?? ''}`,
    );
  }

  isSilenced(target: WsTarget): boolean {
    const now = this.clock.nowMs();
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const r = this.rules[i]!;
      if (r.rule.kind !== 'ws-silence' || r.rule.target !== target) continue;
      if ((r.silencedUntilMs ?? 0) > now) return true;
      this.rules.splice(i, 1);
    }
    return false;
  }

  private take<T extends FaultRule>(match: (r: FaultRule) => r is T, at: string): T | undefined {
    for (let i = 0; i < this.rules.length; i++) {
      const active = this.rules[i]!;
      if (!match(active.rule)) continue;
      const p = (active.rule as { probability?: number }).probability ?? 1;
      if (p < 1 && !this.random.chance(p)) continue;
      active.remaining -= 1;
      if (active.remaining <= 0) this.rules.splice(i, 1);
      this.fired.push({ kind: active.rule.kind, at });
      return active.rule;
    }
    return undefined;
  }
}

function matchesPath(prefix: string | undefined, path: string): boolean {
  return prefix === undefined || path.startsWith(prefix);
}
