/**
 * What each Futures REST call costs (Kraken's Futures rate-limit documentation).
 *
 * `/derivatives/api/v3`: the generated route table carries each endpoint's documented cost; two
 * depend on the request: `batchorder` costs 9 plus the number of instructions, and `fills` costs
 * 25 instead of 2 when `lastFillTime` is given. Public endpoints cost nothing.
 *
 * History API: 1 token per call, except the account log, whose cost grows with `count`
 * (default 500), and its CSV export (6).
 */
import { isJsonObject, parseVenueJson } from '../../core/json.js';
import type { RestRoute } from '../../transport/rest-route.js';

/** The number of instructions in a `batchorder` `json` parameter (an object or its JSON text); 0 when unreadable. */
export function batchInstructionCount(json: unknown): number {
  let value = json;
  if (typeof value === 'string') {
    try {
      value = parseVenueJson(value, 'batchorder json');
    } catch {
      return 0;
    }
  }
  const list = isJsonObject(value) ? (value['batchOrder'] ?? value['batch_order']) : undefined;
  return Array.isArray(list) ? list.length : 0;
}

export function futuresDerivativesCost(
  route: Pick<RestRoute, 'operationId' | 'cost' | 'auth'>,
  params: Readonly<Record<string, unknown>> = {},
): number {
  if (route.auth === 'public') return 0;
  if (route.operationId === 'batchorder') return 9 + batchInstructionCount(params['json']);
  if (route.operationId === 'fills') return params['lastFillTime'] === undefined ? 2 : 25;
  return route.cost;
}

/** Cost of an account-log request of `count` entries. */
export function accountLogCost(count: number | undefined): number {
  const n = count ?? 500;
  if (n <= 25) return 1;
  if (n <= 50) return 2;
  if (n <= 1000) return 3;
  if (n <= 5000) return 6;
  return 10;
}

export function futuresHistoryCost(
  route: Pick<RestRoute, 'operationId' | 'path' | 'cost'>,
  params: Readonly<Record<string, unknown>> = {},
): number {
  if (route.path.endsWith('/accountlogcsv')) return 6;
  if (route.operationId === 'accountLog' || route.path.endsWith('/account-log')) {
    const raw = params['count'];
    const count = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : undefined;
    return accountLogCost(count);
  }
  return route.cost;
}
