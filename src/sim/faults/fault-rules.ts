/**
 * The faults the simulator can inject: the network, venue, data and order faults a client must
 * survive (docs/reliability.md is the catalogue).
 *
 * A rule matches a place (a WS target and channel, an HTTP path) and fires `times` times (default
 * once) or, with `probability`, on a seeded draw each time it matches. Everything is deterministic
 * for a given seed and request sequence.
 */
import { KrakenValidationError } from '../../core/errors.js';

/** Which WebSocket server a WS fault applies to. */
export type WsTarget = 'spot-public' | 'spot-auth' | 'futures' | 'unified';

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

const WS_TARGETS: readonly WsTarget[] = ['spot-public', 'spot-auth', 'futures', 'unified'];
/** The longest delay a Node timer can hold (2^31 − 1 ms, about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;
const NUMERIC_FIELDS = ['times', 'probability', 'delayMs', 'status', 'durationMs'] as const;
type NumericField = (typeof NUMERIC_FIELDS)[number];

/** The fields each kind takes besides `kind` (a field outside the list is an error, not ignored). */
function fieldsOf(kind: FaultKind): readonly string[] {
  switch (kind) {
    case 'ws-silence':
      return ['target', 'durationMs'];
    case 'http-5xx':
    case 'http-timeout':
    case 'http-malformed-json':
      return ['path', 'status', 'times', 'probability'];
    case 'venue-error':
      return ['path', 'error', 'times', 'probability'];
    case 'order-ack-delay':
    case 'order-ack-lost':
      return ['via', 'delayMs', 'times', 'probability'];
    default:
      return ['target', 'channel', 'delayMs', 'times', 'probability'];
  }
}

function numericIssue(field: NumericField, v: unknown): string | undefined {
  if (typeof v !== 'number' || Number.isNaN(v)) return `${field} must be a number`;
  switch (field) {
    case 'times':
      return v >= 1 && (Number.isInteger(v) || v === Number.POSITIVE_INFINITY)
        ? undefined
        : 'times must be a whole number >= 1 (or Infinity)';
    case 'probability':
      return v > 0 && v <= 1 ? undefined : 'probability must be in (0, 1]';
    case 'status':
      return Number.isInteger(v) && v >= 500 && v <= 599 ? undefined : 'status must be an HTTP 5xx code';
    case 'delayMs':
      // A delay is armed as a timer, and Node fires a timer of 2^31 ms or more after 1 ms.
      return Number.isFinite(v) && v >= 0 && v <= MAX_TIMER_MS
        ? undefined
        : `delayMs must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`;
    default:
      return Number.isFinite(v) && v >= 0 ? undefined : `${field} must be a finite number of milliseconds >= 0`;
  }
}

/**
 * Checks a fault rule from outside (a CLI `--fault`, a `POST /__sim/faults` body): an object
 * with a known `kind`, only the fields that kind takes, numbers where numbers belong, and the
 * required `target` (WS kinds) / `error` (venue-error). Throws `KrakenValidationError` listing
 * every problem; returns the rule unchanged otherwise.
 */
export function validateFaultRule(value: unknown, what = 'invalid fault rule'): FaultRule {
  const fail = (issues: { path: string; message: string }[]): never => {
    throw new KrakenValidationError(what, issues);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail([{ path: '', message: 'a fault rule must be a JSON object' }]);
  const rule = value as Record<string, unknown>;
  const kind = rule['kind'];
  if (typeof kind !== 'string' || !FAULT_KINDS.includes(kind as FaultKind)) {
    return fail([{ path: 'kind', message: `unknown fault kind "${String(kind)}" (known: ${FAULT_KINDS.join(', ')})` }]);
  }
  const allowed = fieldsOf(kind as FaultKind);
  const issues: { path: string; message: string }[] = [];
  for (const [key, v] of Object.entries(rule)) {
    if (key === 'kind') continue;
    if (!allowed.includes(key)) {
      issues.push({ path: key, message: `${kind} takes no "${key}" (it takes: ${allowed.join(', ')})` });
      continue;
    }
    if ((NUMERIC_FIELDS as readonly string[]).includes(key)) {
      const issue = numericIssue(key as NumericField, v);
      if (issue !== undefined) issues.push({ path: key, message: issue });
    } else if (key === 'target') {
      if (!WS_TARGETS.includes(v as WsTarget)) issues.push({ path: key, message: `target must be one of ${WS_TARGETS.join(', ')}` });
    } else if (key === 'via') {
      if (v !== 'rest' && v !== 'ws') issues.push({ path: key, message: 'via must be rest or ws' });
    } else if (typeof v !== 'string' || v === '') {
      issues.push({ path: key, message: `${key} must be a non-empty string` });
    }
  }
  if (allowed.includes('target') && rule['target'] === undefined)
    issues.push({ path: 'target', message: `${kind} needs a target (${WS_TARGETS.join(', ')})` });
  if (kind === 'venue-error' && rule['error'] === undefined)
    issues.push({ path: 'error', message: 'venue-error needs the error to answer with' });
  if (issues.length > 0) fail(issues);
  return rule as unknown as FaultRule;
}

/**
 * Parses a CLI `--fault` value: `<kind>[:key=value,key=value]`, e.g.
 * `ws-drop:target=spot-public,channel=book,times=3` or `venue-error:path=/0/private/AddOrder,error=EService:Unavailable`.
 * Values may contain `:`; keys are split on the first `=`. The rule is then checked by
 * `validateFaultRule`, the same check `POST /__sim/faults` uses.
 */
function invalidFault(spec: string, message: string): KrakenValidationError {
  return new KrakenValidationError('invalid --fault', [{ path: spec, message }]);
}

export function parseFaultSpec(spec: string): FaultRule {
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const fields: Record<string, string | number> = { kind };
  if (colon >= 0) {
    for (const part of spec.slice(colon + 1).split(',')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      if (eq < 1) throw invalidFault(spec, `fault option "${part}" is not key=value`);
      const key = part.slice(0, eq);
      const raw = part.slice(eq + 1);
      fields[key] = (NUMERIC_FIELDS as readonly string[]).includes(key) ? toNumber(key, raw) : raw;
    }
  }
  return validateFaultRule(fields, `invalid --fault ${spec}`);
}

function toNumber(key: string, raw: string): number {
  if (raw === 'inf' || raw === 'Infinity') return Number.POSITIVE_INFINITY;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw invalidFault(`${key}=${raw}`, `fault option ${key}=${raw} is not a number`);
  return n;
}
