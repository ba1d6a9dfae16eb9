/**
 * Spot trading-engine transaction counter, one per (account, pair), shared by REST and WS
 * (one engine serves both). Amends, edits and cancels pay a penalty that shrinks with the age of
 * the order (time since it was created or last amended).
 *
 * Worked examples from Kraken's docs are pinned in test/unit/sim-limits: add, amend after 7 s,
 * cancel 36 s later = 8; an Intermediate burst of 50 adds then 10 s idle = 26.6.
 */
import type { Clock } from '../../core/clock.js';
import { DecayingCounter } from './decaying-counter.js';
import { SPOT_TRADING_TIERS, type KrakenTier } from './tiers.js';

export const SPOT_ORDER_RATE_LIMIT_ERROR = 'EOrder:Rate limit exceeded';

export type SpotTransaction =
  | { readonly kind: 'add' }
  | { readonly kind: 'amend'; readonly orderAgeSeconds: number }
  | { readonly kind: 'edit'; readonly orderAgeSeconds: number }
  | { readonly kind: 'cancel'; readonly orderAgeSeconds: number }
  | { readonly kind: 'batch-add'; readonly count: number }
  | { readonly kind: 'batch-cancel'; readonly orderAgesSeconds: readonly number[] };

// Age brackets (upper bounds, exclusive) and penalties, from the table in Kraken's rate-limit docs.
const AGE_BRACKETS = [5, 10, 15, 45, 90, 300] as const;
const AMEND_PENALTY = [3, 2, 1, 0, 0, 0] as const;
const EDIT_PENALTY = [6, 5, 4, 2, 1, 0] as const;
const CANCEL_PENALTY = [8, 6, 5, 4, 2, 1] as const;

function penalty(table: readonly number[], ageSeconds: number): number {
  for (let i = 0; i < AGE_BRACKETS.length; i++) {
    if (ageSeconds < AGE_BRACKETS[i]!) return table[i]!;
  }
  return 0;
}

export interface TransactionCost {
  /** Charged on receipt, even when the transaction fails. */
  readonly fixed: number;
  /** Age-dependent penalty. */
  readonly decaying: number;
}

/** The cost Kraken charges for one transaction. */
export function spotTransactionCost(tx: SpotTransaction): TransactionCost {
  switch (tx.kind) {
    case 'add':
      return { fixed: 1, decaying: 0 };
    case 'amend':
      return { fixed: 1, decaying: penalty(AMEND_PENALTY, tx.orderAgeSeconds) };
    case 'edit':
      return { fixed: 1, decaying: penalty(EDIT_PENALTY, tx.orderAgeSeconds) };
    case 'cancel':
      return { fixed: 0, decaying: penalty(CANCEL_PENALTY, tx.orderAgeSeconds) };
    case 'batch-add':
      return { fixed: tx.count / 2, decaying: 0 };
    case 'batch-cancel':
      return { fixed: 0, decaying: tx.orderAgesSeconds.reduce((sum, age) => sum + penalty(CANCEL_PENALTY, age), 0) };
  }
}

export interface SpotTradingLimiterOptions {
  readonly clock: Pick<Clock, 'nowMs'>;
  readonly tierOf: (accountId: string) => KrakenTier;
}

export class SpotTradingLimiter {
  private readonly counters = new Map<string, DecayingCounter>();
  private readonly refused = new Map<string, number>();

  constructor(private readonly options: SpotTradingLimiterOptions) {}

  /**
   * Charges a transaction on (account, pair). Adds, amends and edits are refused when they would
   * take the counter past the tier threshold (their fixed cost is still charged: Kraken counts a
   * transaction on receipt). Cancels are always accepted and charged, so a client can always
   * pull its orders; Kraken's docs say this explicitly for batch cancels and we
   * extend it to single cancels (UNCONFIRMED).
   */
  admit(accountId: string, pair: string, tx: SpotTransaction): string | undefined {
    const counter = this.counterFor(accountId, pair);
    const cost = spotTransactionCost(tx);
    if (tx.kind === 'cancel' || tx.kind === 'batch-cancel') {
      counter.charge(cost.fixed + cost.decaying);
      return undefined;
    }
    if (counter.tryCharge(cost.fixed + cost.decaying)) return undefined;
    counter.charge(cost.fixed);
    this.refused.set(accountId, (this.refused.get(accountId) ?? 0) + 1);
    return SPOT_ORDER_RATE_LIMIT_ERROR;
  }

  /** How many transactions of the account (REST and WS, every pair) were refused with `EOrder:Rate limit exceeded` so far. */
  refusals(accountId: string): number {
    return this.refused.get(accountId) ?? 0;
  }

  level(accountId: string, pair: string): number {
    return this.counterFor(accountId, pair).level();
  }

  /** The tier threshold, reported as `maxratecount` in the WS executions ack. */
  threshold(accountId: string): number {
    return SPOT_TRADING_TIERS[this.options.tierOf(accountId)].threshold;
  }

  maxOpenOrdersPerPair(accountId: string): number {
    return SPOT_TRADING_TIERS[this.options.tierOf(accountId)].maxOpenOrdersPerPair;
  }

  private counterFor(accountId: string, pair: string): DecayingCounter {
    const key = `${accountId}\u0000${pair}`;
    let counter = this.counters.get(key);
    if (counter === undefined) {
      const tier = SPOT_TRADING_TIERS[this.options.tierOf(accountId)];
      counter = new DecayingCounter({ max: tier.threshold, decayPerSecond: tier.decayPerSecond, clock: this.options.clock });
      this.counters.set(key, counter);
    }
    return counter;
  }
}
