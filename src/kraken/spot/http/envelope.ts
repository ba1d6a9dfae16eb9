/**
 * Spot's `{ error: string[], result }` envelope. Kraken signals API errors with HTTP 200 and a
 * non-empty `error` array; any other status means the request did not reach
 * the API properly (a gateway or Cloudflare page), so it is a transport failure.
 */
import { classifyVenueError } from '../../common/error-table.js';
import { KrakenTransportError } from '../../../core/errors.js';
import { isJsonObject, parseVenueJson } from '../../../core/json.js';
import type { HttpResponse } from '../../../transport/http.js';

export interface SpotEnvelope {
  readonly result: unknown;
  /** `W…` strings that came with a successful result. */
  readonly warnings: readonly string[];
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

export function decodeSpotEnvelope(res: HttpResponse, endpoint: string): SpotEnvelope {
  const looksJson = /^\s*[{[]/.test(res.text);
  if (res.status < 200 || res.status >= 300) {
    // Some gateways answer with a JSON Kraken envelope and a non-200 status; honour its codes.
    if (looksJson) {
      try {
        const body = parseVenueJson(res.text, endpoint) as { error?: unknown };
        if (isStringArray(body.error) && body.error.length > 0) throw classifyVenueError(body.error, { endpoint });
      } catch (err) {
        if (!(err instanceof KrakenTransportError)) throw err;
      }
    }
    throw new KrakenTransportError(`HTTP ${res.status} from Kraken`, 'http-status', {
      endpoint,
      status: res.status,
      bodyExcerpt: res.text,
    });
  }
  const body = parseVenueJson(res.text, endpoint);
  if (!isJsonObject(body) || !isStringArray(body['error'])) {
    throw new KrakenTransportError('response is not a Kraken envelope ({ error: [], result })', 'bad-body', {
      endpoint,
      status: res.status,
      bodyExcerpt: res.text,
    });
  }
  const { error, result } = body as { error: string[]; result?: unknown };
  const errors = error.filter((e) => !e.startsWith('W'));
  if (errors.length > 0) throw classifyVenueError(error, { endpoint });
  if (result === undefined) {
    throw new KrakenTransportError('Kraken envelope has neither errors nor a result', 'bad-body', {
      endpoint,
      status: res.status,
      bodyExcerpt: res.text,
    });
  }
  return { result, warnings: error.filter((e) => e.startsWith('W')) };
}
