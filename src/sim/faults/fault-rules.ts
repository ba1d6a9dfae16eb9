/**
 * The faults the simulator can inject (RELIABILITY.md N1–N9, V1–V7, D1–D6, O1–O8).
 *
 * A rule matches a place (a WS target and channel, an HTTP path) and fires `times` times (default
 * once) or, with `probability`, on a seeded draw each time it matches. Everything is deterministic
 * for a given seed and request sequence.
 */
import { KrakenValidationError } from '../../kraken/common/errors.js';

/** Which WebSocket server a WS fault applies to. */
export type WsTarget = 'spot-public' | 'spot-auth' | 'futures';

interface RuleBase {
  /** How many times the rule fires before it is used up (default 1; `Infinity` for always). */
  readonly times?: number;
  /** Fire on a seeded draw with this probability each time the rule matches (default 1). */
  readonly probability?: number;
}

export interface WsMessageFault extends RuleBase {
  readonly kind: 'ws-drop' | 'ws-duplicate' | 'ws-delay' | 'ws-reorder' | 'ws-corrupt' | 'ws-bad-checksum' | 'ws-seq-gap';
  readonly target: WsTarget;
  /** Spot `channel` / Futures `feed` (`book`, `executions`, ...) or a method ack (`add_order`). Any when absent. */
  readonly channel?: string;
  /** For `ws-delay`: how long to hold the message. */
  readonly delayMs?: number;
}

/** Stop sending anything on the target's sockets (pings are still answered by the WS layer). */
export interface WsSilenceFault {
  readonly kind: 'ws-silence';
  readonly target: WsTarget;
  /** Until when (sim clock ms is not used: real ms from now); forever when absent. */
  readonly durationMs?: number;
}

export interface HttpFault extends RuleBase {
  readonly kind: 'http-5xx' | 'http-timeout' | 'http-malformed-json';
  /** Path prefix (`/0/private/AddOrder`, `/derivatives/api/v3/sendorder`); any when absent. */
  readonly path?: string;
  /** For `http-5xx` (default 502). */
  readonly status?: number;
}

/** Answer a matching REST call (or WS method) with a venue error instead of processing it. */
export interface VenueErrorFault extends RuleBase {
  readonly kind: 'venue-error';
  /** REST path prefix or WS method name (`add_order`); any when absent. */
  readonly path?: string;
  /** Spot string (`EService:Unavailable`, `EAPI:Rate limit exceeded`) or Futures code (`apiLimitExceeded`). */
  readonly error: string;
}

/** Order commands (REST AddOrder/WS add_order, Futures sendorder): process, then delay or lose the answer. */
export interface OrderAckFault extends RuleBase {
  readonly kind: 'order-ack-delay' | 'order-ack-lost';
  /** Restrict to `rest` or `ws`; both when absent. */
  readonly via?: 'rest' | 'ws';
  readonly delayMs?: number;
}

export type FaultRule = WsMessageFault | WsSilenceFault | HttpFault | VenueErrorFault | OrderAckFault;
export type FaultKind = FaultRule['kind'];

export const FAULT_KINDS: readonly FaultKind[] = [
  'ws-drop',
  'ws-duplicate',
  'ws-delay',
  'ws-reorder',
  'ws-corrupt',
  'ws-bad-checksum',
  'ws-seq-gap',
  'ws-silence',
  'http-5xx',
  'http-timeout',
  'http-malformed-json',
  'venue-error',
  'order-ack-delay',
  'order-ack-lost',
];

/**
 * Parses a CLI `--fault` value: `<kind>[:key=value,key=value]`, e.g.
 * `ws-drop:target=spot-public,channel=book,times=3` or `venue-error:path=/0/private/AddOrder,error=EService:Unavailable`.
 * Values may contain `:`; keys are split on the first `=`.
 */
function invalidFault(spec: string, message: string): KrakenValidationError {
  return new KrakenValidationError('invalid --fault', [{ path: spec, message }]);
}

export function parseFaultSpec(spec: string): FaultRule {
  const colon = spec.indexOf(':');
  const kind = (colon < 0 ? spec : spec.slice(0, colon)) as FaultKind;
  if (!FAULT_KINDS.includes(kind)) throw invalidFault(spec, `unknown fault kind "${kind}" (known: ${FAULT_KINDS.join(', ')})`);
  const fields: Record<string, string | number> = {};
  if (colon >= 0) {
    for (const part of spec.slice(colon + 1).split(',')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      if (eq < 1) throw invalidFault(spec, `fault option "${part}" is not key=value`);
      const key = part.slice(0, eq);
      const raw = part.slice(eq + 1);
      fields[key] = ['times', 'probability', 'delayMs', 'status', 'durationMs'].includes(key) ? toNumber(key, raw) : raw;
    }
  }
  return { kind, ...fields } as FaultRule;
}

function toNumber(key: string, raw: string): number {
  if (raw === 'inf' || raw === 'Infinity') return Number.POSITIVE_INFINITY;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw invalidFault(`${key}=${raw}`, `fault option ${key}=${raw} is not a number`);
  return n;
}
