import type { SpotAssetSpec } from '../types/instruments.js';
import type { SpotBalanceView, SpotLedgerEntry } from '../types/spot-views.js';
import { SimVenueError } from '../errors.js';
import { Decimal, ZERO, fixed } from '../decimal.js';
import type { EventBus } from '../events.js';
import type { IdFactory } from '../ids.js';
import type { SpotAccount } from './model.js';

/** Spot accounts: cash balances, trade holds and the ledger (BalanceEx / Ledgers / balances channel). */
export class SpotWallets {
  readonly accounts = new Map<string, SpotAccount>();

  constructor(
    private readonly assets: Map<string, SpotAssetSpec>,
    private readonly bus: EventBus,
    private readonly ids: IdFactory,
    private readonly now: () => number,
  ) {}

  create(id: string, unlimited = false): SpotAccount {
    const existing = this.accounts.get(id);
    if (existing) return existing;
    const acc: SpotAccount = {
      id,
      balances: new Map(),
      holds: new Map(),
      orders: new Map(),
      trades: [],
      ledger: [],
      positions: [],
      volume: new Map(),
      dmsTriggerMs: 0,
      unlimited,
    };
    this.accounts.set(id, acc);
    return acc;
  }

  get(id: string): SpotAccount {
    const acc = this.accounts.get(id);
    // Unknown accounts should be impossible behind the auth layer; treat as a permission problem.
    if (!acc) throw new SimVenueError('EGeneral:Permission denied', `unknown spot account ${id}`);
    return acc;
  }

  decimalsOf(asset: string): number {
    return this.assets.get(asset)?.decimals ?? 10;
  }

  balance(acc: SpotAccount, asset: string): Decimal {
    return acc.balances.get(asset) ?? ZERO;
  }

  held(acc: SpotAccount, asset: string): Decimal {
    return acc.holds.get(asset) ?? ZERO;
  }

  available(acc: SpotAccount, asset: string): Decimal {
    if (acc.unlimited) return new Decimal('1e30');
    return this.balance(acc, asset).minus(this.held(acc, asset));
  }

  /** Apply a balance change and write one ledger entry (emits a `spot.balance` event). */
  post(
    acc: SpotAccount,
    asset: string,
    amount: Decimal,
    fee: Decimal,
    type: SpotLedgerEntry['type'],
    refid: string,
    subtype = '',
  ): SpotLedgerEntry | null {
    if (acc.unlimited) return null;
    const dp = this.decimalsOf(asset);
    // Balances live at the asset's precision (ZUSD 4, XXBT 10 decimals): the amount is rounded
    // the same way for both counterparties, so a trade moves exactly what it takes.
    amount = amount.toDecimalPlaces(dp, Decimal.ROUND_HALF_EVEN);
    fee = fee.toDecimalPlaces(dp, Decimal.ROUND_HALF_EVEN);
    const next = this.balance(acc, asset).plus(amount).minus(fee);
    acc.balances.set(asset, next);
    const entry: SpotLedgerEntry = {
      id: this.ids.kraken('L'),
      refid,
      timeMs: this.now(),
      type,
      subtype,
      asset,
      amount: fixed(amount, dp),
      fee: fixed(fee, dp),
      balance: fixed(next, dp),
    };
    acc.ledger.push(entry);
    this.bus.emit({
      type: 'spot.balance',
      timeMs: entry.timeMs,
      accountId: acc.id,
      asset,
      balance: entry.balance,
      holdTrade: fixed(this.held(acc, asset), dp),
      ledger: entry,
    });
    return entry;
  }

  /** Change the amount held for open orders (emits a `spot.balance` event without ledger). */
  adjustHold(acc: SpotAccount, asset: string, delta: Decimal): void {
    if (acc.unlimited || delta.isZero()) return;
    const dp = this.decimalsOf(asset);
    let next = this.held(acc, asset).plus(delta);
    if (next.lt(0)) next = ZERO;
    acc.holds.set(asset, next);
    this.bus.emit({
      type: 'spot.balance',
      timeMs: this.now(),
      accountId: acc.id,
      asset,
      balance: fixed(this.balance(acc, asset), dp),
      holdTrade: fixed(next, dp),
    });
  }

  view(acc: SpotAccount): Record<string, SpotBalanceView> {
    const out: Record<string, SpotBalanceView> = {};
    const names = new Set([...acc.balances.keys(), ...acc.holds.keys()]);
    for (const asset of [...names].sort()) {
      const dp = this.decimalsOf(asset);
      out[asset] = { balance: fixed(this.balance(acc, asset), dp), holdTrade: fixed(this.held(acc, asset), dp) };
    }
    return out;
  }
}
