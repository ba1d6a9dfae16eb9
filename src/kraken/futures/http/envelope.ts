/**
 * Futures REST bodies and their two error shapes:
 * - trading v3: `{ result: "error", serverTime, error: "apiLimitExceeded" }` (often with HTTP 200);
 * - history v3: `{ result: "error", serverTime, errors: [{ code, message }] }`, HTTP 429 adding
 *   `status: "TOO_MANY_REQUESTS"` and 401 `status: "UNAUTHORIZED"`.
 * Both go through `classifyVenueError`. A non-2xx answer without a Kraken error body (a gateway's
 * HTML 502, an empty 503) is a transport failure, as is a body that is not JSON.
 *
 * `result: "success"` is returned as is even when an order endpoint reports a reject in its
 * per-request `status` (see order-status.ts): that is the venue's answer, not a failure to talk.
 */
import { classifyVenueError, errorClassFor } from '../../common/error-table.js';
import { KrakenApiError, KrakenTransportError } from '../../../core/errors.js';
import type { HttpResponse } from '../../../transport/http.js';
import { parseVenueJson, isJsonObject } from '../../../core/json.js';

/** An HTTP status that says what an otherwise unclassified Futures error body means. */
const HTTP_MEANING: Readonly<Record<number, string>> = { 429: 'apiLimitExceeded', 401: 'authenticationError' };

/** An error entry's `code` as text: a number or string as written, anything else as its JSON. */
function codeText(code: unknown): string {
  return typeof code === 'string' || typeof code === 'number' || typeof code === 'boolean' ? String(code) : JSON.stringify(code);
}

/** The venue's error codes in an error body, or `undefined` when the body is not an error. */
export function futuresErrorCodes(body: unknown): string[] | undefined {
  if (!isJsonObject(body) || body['result'] === 'success') return undefined;
  const codes: string[] = [];
  if (typeof body['error'] === 'string' && body['error'] !== '') codes.push(body['error']);
  const errors = body['errors'];
  if (Array.isArray(errors)) {
    for (const e of errors) {
      if (typeof e === 'string') codes.push(e);
      else if (isJsonObject(e) && typeof e['message'] === 'string') codes.push(e['message']);
      else if (isJsonObject(e) && e['code'] !== undefined && e['code'] !== null) codes.push(codeText(e['code']));
    }
  }
  if (body['status'] === 'TOO_MANY_REQUESTS' || body['status'] === 'UNAUTHORIZED') codes.push(body['status']);
  if (body['result'] !== 'error' && codes.length === 0) return undefined;
  return codes.length > 0 ? [...new Set(codes)] : ['unknownError'];
}

/** The typed error for a Futures error body. */
export function futuresApiError(codes: readonly string[], endpoint: string, httpStatus?: number): KrakenApiError {
  const classified = classifyVenueError(codes, { endpoint });
  const meaning = httpStatus === undefined ? undefined : HTTP_MEANING[httpStatus];
  if (meaning === undefined || classified.constructor !== KrakenApiError) return classified;
  const cls = errorClassFor(meaning);
  return new cls(codes, { endpoint });
}

/**
 * Decodes a Futures response: the parsed body on success, a typed `KrakenApiError` for an error
 * body, a `KrakenTransportError` for anything that is not a Kraken answer.
 */
export function decodeFuturesResponse(res: HttpResponse, endpoint: string): unknown {
  const looksJson = /^\s*[{[]/.test(res.text);
  if (res.status < 200 || res.status >= 300) {
    if (looksJson) {
      let body: unknown;
      try {
        body = parseVenueJson(res.text, endpoint);
      } catch {
        body = undefined;
      }
      const codes = futuresErrorCodes(body);
      if (codes) throw futuresApiError(codes, endpoint, res.status);
    }
    throw new KrakenTransportError(`HTTP ${res.status} from Kraken Futures`, 'http-status', {
      endpoint,
      status: res.status,
      bodyExcerpt: res.text,
    });
  }
  const body = parseVenueJson(res.text, endpoint);
  const codes = futuresErrorCodes(body);
  if (codes) throw futuresApiError(codes, endpoint, res.status);
  return body;
}
