/**
 * What each Spot call costs on Kraken's counters.
 *
 * REST counter (per key): most private calls +1, ledger and trade-history calls +2 by default.
 * Kraken's pages disagree on the latter (one capture says +4), so it is configurable. Order entry
 * is not charged here: the trading engine's per-pair counter governs it.
 *
 * Trading-engine counter (per pair): every transaction has a fixed cost charged on receipt, and
 * amends, edits and cancels add a penalty that shrinks with the age of the order (time since it
 * was placed or last amended); orders older than 300 s cost nothing extra.
 */
import type { RestRoute } from '../../transport/rest-route.js';

/** The REST calls Kraken counts as ledger / trade history (the docs do not enumerate them). */
export const SPOT_HISTORY_OPERATIONS: ReadonlySet<string> = new Set(['Ledgers', 'QueryLedgers', 'TradesHistory', 'QueryTrades']);

export const DEFAULT_SPOT_HISTORY_COST = 2;

/**
 * REST calls that are not order entry but must not queue behind reads: the dead man's switch
 * (`CancelAllOrdersAfter`) has to be refreshed before its timer runs out, or every order is
 * cancelled. They still pay the REST counter.
 */
export const SPOT_URGENT_REST_OPERATIONS: ReadonlySet<string> = new Set(['CancelAllOrdersAfter']);

/** Cost of a private Spot REST call on the key's counter (0 for order entry). */
export function spotRestCallCost(
  route: Pick<RestRoute, 'operationId' | 'cost' | 'orderEntry'>,
  historyCost = DEFAULT_SPOT_HISTORY_COST,
): number {
  if (route.orderEntry) return 0;
  if (SPOT_HISTORY_OPERATIONS.has(route.operationId)) return historyCost;
  return route.cost;
}

/** One trading-engine transaction on one pair. Ages are milliseconds; an unknown age counts as brand new (the dearest). */
export type SpotOrderTransaction =
  | { readonly kind: 'add' }
  | { readonly kind: 'amend' | 'edit' | 'cancel'; readonly orderAgeMs?: number }
  | { readonly kind: 'batch-add'; readonly count: number }
  | { readonly kind: 'batch-cancel'; readonly orderAgesMs: readonly (number | undefined)[] };

export type SpotOrderEntryKind = SpotOrderTransaction['kind'];

export interface SpotTransactionCost {
  /** Charged on receipt, even when the transaction then fails. */
  readonly fixed: number;
  /** The age-dependent penalty. */
  readonly penalty: number;
}

/** Upper bounds (exclusive, seconds) of the age brackets, and the penalty in each. */
const AGE_BRACKETS_S = [5, 10, 15, 45, 90, 300] as const;
const PENALTIES: Readonly<Record<'amend' | 'edit' | 'cancel', readonly number[]>> = {
  amend: [3, 2, 1, 0, 0, 0],
  edit: [6, 5, 4, 2, 1, 0],
  cancel: [8, 6, 5, 4, 2, 1],
};
const FIXED: Readonly<Record<'amend' | 'edit' | 'cancel', number>> = { amend: 1, edit: 1, cancel: 0 };

export function agePenalty(kind: 'amend' | 'edit' | 'cancel', orderAgeMs: number | undefined): number {
  const ageMs = orderAgeMs === undefined || !(orderAgeMs >= 0) ? 0 : orderAgeMs;
  const table = PENALTIES[kind];
  for (let i = 0; i < AGE_BRACKETS_S.length; i++) if (ageMs < AGE_BRACKETS_S[i]! * 1000) return table[i]!;
  return 0;
}

export function spotTransactionCost(tx: SpotOrderTransaction): SpotTransactionCost {
  switch (tx.kind) {
    case 'add':
      return { fixed: 1, penalty: 0 };
    case 'amend':
    case 'edit':
    case 'cancel':
      return { fixed: FIXED[tx.kind], penalty: agePenalty(tx.kind, tx.orderAgeMs) };
    case 'batch-add':
      return { fixed: tx.count / 2, penalty: 0 };
    case 'batch-cancel':
      return { fixed: 0, penalty: tx.orderAgesMs.reduce<number>((sum, age) => sum + agePenalty('cancel', age), 0) };
  }
}

/** Cancels are never held back: Kraken accepts them over the threshold (documented for batch cancels) and pulling orders must not wait. */
export function isCancel(tx: SpotOrderTransaction): boolean {
  return tx.kind === 'cancel' || tx.kind === 'batch-cancel';
}
