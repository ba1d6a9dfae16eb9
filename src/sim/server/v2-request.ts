/**
 * The request envelope the Spot WS v2 and Unified WebSocket simulators share: Kraken's v2
 * `{method, params, req_id}` in, `{method, result | error, success, req_id, time_in, time_out}`
 * out, and the check of a trading request against its generated schema.
 */
import { parseVenueJson } from '../../core/json.js';
import type { SimContext } from './context.js';
import type { GeneratedValidator } from './generated-validator.js';
import { ownEntry } from './own-lookup.js';
import { rfc3339Micros } from './wire-json.js';

/** Where a request's answer goes (a WS session). */
export interface V2Sender {
  send(message: Record<string, unknown>, channel: string | undefined): void;
}

/** What an answer carries: a result, or an error, and the symbol it concerns. */
export interface V2ReplyBody {
  readonly result?: unknown;
  readonly error?: string;
  readonly symbol?: string;
}

/** One parsed request and the way to answer it (echoing its `req_id`, timed from its arrival). */
export interface V2Request {
  readonly message: Record<string, unknown>;
  /** `''` when the request names none. */
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly reply: (method: string, body: V2ReplyBody) => void;
}

/**
 * Parses one request frame. Text that is not a JSON object is answered at once with
 * `EGeneral:Invalid arguments` (as Kraken does) and gives `undefined`.
 */
export function readV2Request(ctx: SimContext, s: V2Sender, text: string): V2Request | undefined {
  const timeIn = rfc3339Micros(ctx.clock.nowMs());
  let message: Record<string, unknown>;
  try {
    const parsed = parseVenueJson(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    message = parsed as Record<string, unknown>;
  } catch {
    s.send({ error: 'EGeneral:Invalid arguments', success: false, time_in: timeIn, time_out: rfc3339Micros(ctx.clock.nowMs()) }, 'error');
    return undefined;
  }
  const method = typeof message['method'] === 'string' ? message['method'] : '';
  const reqId = typeof message['req_id'] === 'number' ? message['req_id'] : undefined;
  const params = (typeof message['params'] === 'object' && message['params'] !== null ? message['params'] : {}) as Record<string, unknown>;
  const reply = (m: string, body: V2ReplyBody): void => {
    s.send(
      {
        method: m,
        ...(body.result === undefined ? {} : { result: body.result }),
        success: body.error === undefined,
        ...(body.error === undefined ? {} : { error: body.error }),
        ...(body.symbol === undefined ? {} : { symbol: body.symbol }),
        ...(reqId === undefined ? {} : { req_id: reqId }),
        time_in: timeIn,
        time_out: rfc3339Micros(ctx.clock.nowMs()),
      },
      m,
    );
  };
  return { message, method, params, reply };
}

/**
 * Checks a trading request against the generated schema of that request (the same schema
 * krakenkit's client encodes with). Unknown params are answered the way Kraken's SDK reports
 * them, `Unsupported field: '<name>'`; other failures as `EGeneral:Invalid arguments:<field>`.
 */
export function v2SchemaError(
  requestsByMethod: Readonly<Record<string, string>>,
  validators: Readonly<Record<string, GeneratedValidator>>,
  method: string,
  message: Record<string, unknown>,
): string | undefined {
  const title = ownEntry(requestsByMethod, method);
  const validate = ownEntry(validators, title);
  if (validate === undefined || validate(structuredClone(message))) return undefined;
  const first = validate.errors?.[0];
  const extra = first?.params['additionalProperty'];
  if (typeof extra === 'string') return `Unsupported field: '${extra}'`;
  const missing = first?.params['missingProperty'];
  const field =
    typeof missing === 'string'
      ? missing
      : first?.instancePath
          .split('/')
          .filter((x) => x !== '' && x !== 'params')
          .pop();
  return field === undefined ? 'EGeneral:Invalid arguments' : `EGeneral:Invalid arguments:${field}`;
}
