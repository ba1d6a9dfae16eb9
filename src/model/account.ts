/**
 * Account state: balances per currency (total = locked + free, exact) and, for MARGIN accounts,
 * margin balances. `info` carries venue figures without a typed home (Kraken's spot
 * margin `equity`, `free_margin`, `unrealized_pnl`, `margin_level`, …) as exact decimal strings.
 */
import type { AccountType } from './enums.js';
import { invalid } from './fixed-point.js';
import type { AccountId, InstrumentId } from './identifiers.js';
import type { Currency, Money } from './money.js';

export class AccountBalance {
  constructor(
    readonly total: Money,
    readonly locked: Money,
    readonly free: Money,
  ) {
    if (!total.currency.equals(locked.currency) || !total.currency.equals(free.currency)) {
      throw invalid('AccountBalance', 'total, locked and free must share a currency');
    }
    if (!locked.add(free).equals(total)) {
      throw invalid('AccountBalance', `total ${total.toString()} != locked ${locked.toString()} + free ${free.toString()}`);
    }
  }
  /** A balance with nothing locked. */
  static ofTotal(total: Money): AccountBalance {
    return new AccountBalance(total, total.sub(total), total);
  }
  get currency(): Currency {
    return this.total.currency;
  }
}

export class MarginBalance {
  constructor(
    readonly initial: Money,
    readonly maintenance: Money,
    readonly instrumentId: InstrumentId | null = null,
  ) {
    if (!initial.currency.equals(maintenance.currency)) throw invalid('MarginBalance', 'initial and maintenance must share a currency');
  }
  get currency(): Currency {
    return this.initial.currency;
  }
}

export interface AccountStateInit {
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  readonly baseCurrency?: Currency | null;
  readonly balances: readonly AccountBalance[];
  readonly margins?: readonly MarginBalance[];
  readonly isReported?: boolean;
  readonly info?: Readonly<Record<string, string>>;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export class AccountState {
  readonly kind = 'AccountState' as const;
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  readonly baseCurrency: Currency | null;
  readonly balances: readonly AccountBalance[];
  readonly margins: readonly MarginBalance[];
  readonly isReported: boolean;
  readonly info: Readonly<Record<string, string>>;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;

  constructor(init: AccountStateInit) {
    if (init.accountType === 'CASH' && (init.margins?.length ?? 0) > 0) {
      throw invalid('AccountState', 'a CASH account carries no margin balances');
    }
    this.accountId = init.accountId;
    this.accountType = init.accountType;
    this.baseCurrency = init.baseCurrency ?? null;
    this.balances = Object.freeze([...init.balances]);
    this.margins = Object.freeze([...(init.margins ?? [])]);
    this.isReported = init.isReported ?? true;
    this.info = Object.freeze({ ...(init.info ?? {}) });
    this.tsEvent = init.tsEvent;
    this.tsInit = init.tsInit;
  }

  balance(currency: Currency | string): AccountBalance | undefined {
    const code = typeof currency === 'string' ? currency : currency.code;
    return this.balances.find((b) => b.currency.code === code);
  }
}
