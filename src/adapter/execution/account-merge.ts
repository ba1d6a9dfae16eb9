/**
 * One `AccountState` from the figures of every configured product (Spot and Futures), so that the
 * execution engine sees the collateral of both markets. Balances of one currency are summed
 * (total, locked and free, exactly); margin balances are listed side by side; `info` keys keep
 * their names unless two products report the same key, in which case each product's value is
 * kept under `<product>_<key>` (lower-case product name) and the bare key is left out.
 */
import { AccountBalance, AccountState, type MarginBalance } from '../../model/account.js';
import type { AccountType } from '../../model/enums.js';
import type { AccountId } from '../../model/identifiers.js';
import type { KrakenProductType } from '../constants.js';
import type { ProductAccountSnapshot } from './product-execution.js';

export interface MergeInput {
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  readonly tsInit: bigint;
}

function sumBalances(snapshots: readonly ProductAccountSnapshot[]): AccountBalance[] {
  const byCode = new Map<string, AccountBalance>();
  for (const s of snapshots) {
    for (const b of s.balances) {
      const seen = byCode.get(b.currency.code);
      byCode.set(
        b.currency.code,
        seen === undefined ? b : new AccountBalance(seen.total.add(b.total), seen.locked.add(b.locked), seen.free.add(b.free)),
      );
    }
  }
  return [...byCode.values()];
}

function mergeInfo(products: readonly (readonly [KrakenProductType, ProductAccountSnapshot])[]): Record<string, string> {
  const owners = new Map<string, number>();
  for (const [, s] of products) for (const key of Object.keys(s.info)) owners.set(key, (owners.get(key) ?? 0) + 1);
  const info: Record<string, string> = {};
  for (const [product, s] of products) {
    for (const [key, value] of Object.entries(s.info)) {
      info[(owners.get(key) ?? 0) > 1 ? `${product.toLowerCase()}_${key}` : key] = value;
    }
  }
  return info;
}

/** The merged state of the products' latest snapshots (in the given order); null when none has reported yet. */
export function mergeAccountState(
  input: MergeInput,
  products: readonly (readonly [KrakenProductType, ProductAccountSnapshot])[],
): AccountState | null {
  if (products.length === 0) return null;
  const snapshots = products.map(([, s]) => s);
  const margins: MarginBalance[] = input.accountType === 'MARGIN' ? snapshots.flatMap((s) => [...s.margins]) : [];
  const tsEvent = snapshots.reduce((max, s) => (s.tsEvent > max ? s.tsEvent : max), 0n);
  return new AccountState({
    accountId: input.accountId,
    accountType: input.accountType,
    balances: sumBalances(snapshots),
    margins,
    isReported: true,
    info: mergeInfo(products),
    tsEvent,
    tsInit: input.tsInit,
  });
}
