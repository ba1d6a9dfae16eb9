/**
 * Futures REST cost budgets, per API key.
 *
 * `/derivatives/api/v3`: 500 cost units per 10 s, modelled as a counter of max 500 draining
 * 50/s. `/api/history`: a pool of 100 tokens refilled at 100 per 10 min, modelled as a counter
 * of max 100 draining 1/6 per second. Public endpoints cost nothing.
 */
import type { Clock } from '../../core/clock.js';
import { DecayingCounter } from './decaying-counter.js';

export const FUTURES_RATE_LIMIT_ERROR = 'apiLimitExceeded';

const DERIVATIVES_COSTS: Readonly<Record<string, number>> = {
  'POST /sendorder': 10,
  'POST /editorder': 10,
  'POST /cancelorder': 10,
  'GET /accounts': 2,
  'GET /openpositions': 2,
  'POST /cancelallorders': 25,
  'POST /cancelallordersafter': 25,
  'POST /withdrawal': 100,
  'GET /openorders': 2,
  'POST /orders/status': 1,
  'GET /orders/status': 1,
  'GET /unwindqueue': 200,
  'GET /leveragepreferences': 2,
  'PUT /leveragepreferences': 10,
  'GET /pnlpreferences': 2,
  'PUT /pnlpreferences': 10,
  'POST /transfer': 10,
  'POST /transfer/subaccount': 10,
  'GET /self-trade-strategy': 2,
  'PUT /self-trade-strategy': 2,
};

export interface DerivativesCall {
  readonly method: string;
  /** Path below `/derivatives/api/v3`, e.g. `/sendorder`. */
  readonly path: string;
  /** For `batchorder`: number of instructions. */
  readonly batchSize?: number;
  /** For `fills`: whether `lastFillTime` was given. */
  readonly hasLastFillTime?: boolean;
}

/** Cost of one private `/derivatives/api/v3` call (costs from Kraken's Futures rate-limit docs). Unlisted private calls cost 1. */
export function derivativesCallCost(call: DerivativesCall): number {
  if (call.path === '/batchorder') return 9 + (call.batchSize ?? 0);
  if (call.path === '/fills') return call.hasLastFillTime ? 25 : 2;
  if (/^\/subaccount\/[^/]+\/trading-enabled$/.test(call.path)) return 2;
  const key = `${call.method.toUpperCase()} ${call.path}`;
  return Object.hasOwn(DERIVATIVES_COSTS, key) ? DERIVATIVES_COSTS[key]! : 1;
}

/** Cost of one `/api/history/v3` call (costs from Kraken's Futures rate-limit docs). */
export function historyCallCost(path: string, count?: number): number {
  if (path.endsWith('/accountlogcsv')) return 6;
  if (path.endsWith('/account-log')) {
    const n = count ?? 500;
    if (n <= 25) return 1;
    if (n <= 50) return 2;
    if (n <= 1000) return 3;
    if (n <= 5000) return 6;
    return 10;
  }
  return 1;
}

export interface FuturesBudgetOptions {
  readonly clock: Pick<Clock, 'nowMs'>;
  readonly derivativesBudget?: number;
  readonly derivativesWindowSeconds?: number;
  readonly historyPool?: number;
  readonly historyRefillSeconds?: number;
}

export class FuturesRateBudget {
  private readonly derivatives = new Map<string, DecayingCounter>();
  private readonly history = new Map<string, DecayingCounter>();

  private readonly refusedDerivatives = new Map<string, number>();
  private readonly refusedHistory = new Map<string, number>();

  constructor(private readonly options: FuturesBudgetOptions) {}

  /** Charges a derivatives call; returns `apiLimitExceeded` when the budget is spent. */
  admitDerivatives(apiKey: string, call: DerivativesCall): string | undefined {
    const budget = this.options.derivativesBudget ?? 500;
    const windowS = this.options.derivativesWindowSeconds ?? 10;
    const counter = getOrCreate(
      this.derivatives,
      apiKey,
      () => new DecayingCounter({ max: budget, decayPerSecond: budget / windowS, clock: this.options.clock }),
    );
    if (counter.tryCharge(derivativesCallCost(call))) return undefined;
    this.refusedDerivatives.set(apiKey, (this.refusedDerivatives.get(apiKey) ?? 0) + 1);
    return FUTURES_RATE_LIMIT_ERROR;
  }

  /** Charges a history call; returns true when admitted. */
  admitHistory(apiKey: string, path: string, count?: number): boolean {
    const pool = this.options.historyPool ?? 100;
    const refillS = this.options.historyRefillSeconds ?? 600;
    const counter = getOrCreate(
      this.history,
      apiKey,
      () => new DecayingCounter({ max: pool, decayPerSecond: pool / refillS, clock: this.options.clock }),
    );
    if (counter.tryCharge(historyCallCost(path, count))) return true;
    this.refusedHistory.set(apiKey, (this.refusedHistory.get(apiKey) ?? 0) + 1);
    return false;
  }

  /** How many calls of the key were refused so far, on `/derivatives/api/v3` and on the history API. */
  refusals(apiKey: string): { readonly derivatives: number; readonly history: number } {
    return { derivatives: this.refusedDerivatives.get(apiKey) ?? 0, history: this.refusedHistory.get(apiKey) ?? 0 };
  }

  derivativesLevel(apiKey: string): number {
    return this.derivatives.get(apiKey)?.level() ?? 0;
  }
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}
