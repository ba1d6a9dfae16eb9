/**
 * Futures REST requests checked against the generated form validators
 * (`generated/futures-rest/form-validators.gen.ts`, which coerce form/query strings), keyed by
 * the route table's method + path. Two shapes need help because a form cannot express them:
 * `batchorder`'s `json` field carries a JSON document (validated parsed), and the array params
 * of `orders/status` arrive as one or repeated strings. Failures answer Kraken's envelope codes:
 * a missing field `requiredArgumentMissing`, anything else `invalidArgument`.
 */
import { formRequestValidators } from '../../../../generated/futures-rest/form-validators.gen.js';
import { futuresRestRoutes } from '../../../../generated/futures-rest/routes.gen.js';
import type { GeneratedValidator } from '../generated-validator.js';
import { parseVenueJson } from '../../../core/json.js';
import { ownEntry } from '../own-lookup.js';

const OPERATION_BY_ROUTE = new Map<string, string>(
  Object.values(futuresRestRoutes).map((r) => [`${r.method} ${r.path}`, r.operationId] as const),
);
const ARRAY_PARAMS = new Set(['orderIds', 'cliOrdIds']);

export type FuturesArgumentCode = 'requiredArgumentMissing' | 'invalidArgument';

export function futuresRequestError(method: string, path: string, params: Record<string, unknown>): FuturesArgumentCode | undefined {
  const op = OPERATION_BY_ROUTE.get(`${method} ${path}`);
  const validate = ownEntry(formRequestValidators as Record<string, GeneratedValidator>, op);
  if (validate === undefined) return undefined;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(params)) copy[k] = ARRAY_PARAMS.has(k) && !Array.isArray(v) ? [v] : v;
  if (op === 'batchorder' && typeof copy['json'] === 'string') {
    try {
      // Lossless: `0.01` stays the text `0.01`, which is what the schema's decimal keyword accepts.
      copy['json'] = parseVenueJson(copy['json']);
    } catch {
      return 'invalidArgument';
    }
  }
  if (validate(copy)) return undefined;
  return typeof validate.errors?.[0]?.params['missingProperty'] === 'string' ? 'requiredArgumentMissing' : 'invalidArgument';
}
