/**
 * Futures accounts, wire → domain (`accounts`). Pure.
 *
 * - The multi-collateral `flex` account: one balance per collateral currency (total `quantity`,
 *   free `available` within [0, quantity], the rest locked), one USD `MarginBalance` (initial,
 *   maintenance) and its portfolio figures in `info`.
 * - Single-collateral margin accounts (`fi_xbtusd`, …): their balances, and one margin balance
 *   each from `marginRequirements` (`im`, `mm`) in the account's currency.
 * - The `cash` account is a holding wallet, not collateral: its balances go to `info` only
 *   (`cash_<CODE>`), so that they are not counted twice with the collateral.
 * Balances of one currency from several accounts are added up.
 */
import type { Accounts, FlexAccount, MarginAccount } from '../../../../generated/futures-rest/types.gen.js';
import { AccountBalance, MarginBalance } from '../../../model/account.js';
import { Currency, Money } from '../../../model/money.js';
import { Decimal } from '../../../model/values.js';
import { exactOf } from '../../common/wire-values.js';
import { currencyCodeOfAsset } from './spot-account-reports.js';
import { asKrakenError, entriesOf, type ReportFailure } from './report-context.js';

export interface FuturesAccountFigures {
  readonly balances: AccountBalance[];
  readonly margins: MarginBalance[];
  readonly info: Record<string, string>;
  readonly failures: ReportFailure[];
}

const FLEX_INFO: readonly (readonly [string, keyof FlexAccount])[] = [
  ['portfolio_value', 'portfolioValue'],
  ['balance_value', 'balanceValue'],
  ['collateral_value', 'collateralValue'],
  ['available_margin', 'availableMargin'],
  ['margin_equity', 'marginEquity'],
  ['initial_margin', 'initialMargin'],
  ['initial_margin_with_orders', 'initialMarginWithOrders'],
  ['maintenance_margin', 'maintenanceMargin'],
  ['pnl', 'pnl'],
  ['unrealized_funding', 'unrealizedFunding'],
  ['total_unrealized', 'totalUnrealized'],
];

function addBalance(into: Map<string, AccountBalance>, b: AccountBalance): void {
  const prev = into.get(b.currency.code);
  into.set(
    b.currency.code,
    prev === undefined ? b : new AccountBalance(prev.total.add(b.total), prev.locked.add(b.locked), prev.free.add(b.free)),
  );
}

function flexFigures(flex: FlexAccount, balances: Map<string, AccountBalance>, out: FuturesAccountFigures): void {
  for (const [code, c] of entriesOf(flex.currencies)) {
    try {
      const currency = Currency.from(currencyCodeOfAsset(code.toUpperCase()));
      const total = Money.of(exactOf(c.quantity ?? '0', `/flex/currencies/${code}/quantity`), currency);
      let free = Money.of(exactOf(c.available ?? c.quantity ?? '0', `/flex/currencies/${code}/available`), currency);
      if (free.raw < 0n) free = free.sub(free);
      if (free.compare(total) > 0) free = total;
      addBalance(balances, new AccountBalance(total, total.sub(free), free));
    } catch (err) {
      out.failures.push({ id: `flex/${code}`, error: asKrakenError(err) });
    }
  }
  try {
    const usd = Currency.from('USD');
    out.margins.push(
      new MarginBalance(
        Money.of(exactOf(flex.initialMargin ?? '0', '/flex/initialMargin'), usd),
        Money.of(exactOf(flex.maintenanceMargin ?? '0', '/flex/maintenanceMargin'), usd),
      ),
    );
    for (const [name, field] of FLEX_INFO) {
      const v = flex[field];
      if (typeof v === 'string' || typeof v === 'number') out.info[`flex_${name}`] = exactText(v, `/flex/${field}`);
    }
  } catch (err) {
    out.failures.push({ id: 'flex', error: asKrakenError(err) });
  }
}

function exactText(v: unknown, path: string): string {
  return Decimal.from(exactOf(v, path)).toString();
}

function marginAccountFigures(name: string, a: MarginAccount, balances: Map<string, AccountBalance>, out: FuturesAccountFigures): void {
  try {
    for (const [code, amount] of entriesOf(a.balances)) {
      const currency = Currency.from(currencyCodeOfAsset(code.toUpperCase()));
      addBalance(balances, AccountBalance.ofTotal(Money.of(exactOf(amount, `/${name}/balances/${code}`), currency)));
    }
    const req = a.marginRequirements;
    if (req !== undefined && typeof a.currency === 'string') {
      const currency = Currency.from(currencyCodeOfAsset(a.currency.toUpperCase()));
      out.margins.push(
        new MarginBalance(
          Money.of(exactOf(req.im ?? '0', `/${name}/marginRequirements/im`), currency),
          Money.of(exactOf(req.mm ?? '0', `/${name}/marginRequirements/mm`), currency),
        ),
      );
    }
  } catch (err) {
    out.failures.push({ id: name, error: asKrakenError(err) });
  }
}

/** `accounts` → balances, margins and figures; a bad account is a failure, the others are kept. */
export function parseFuturesAccounts(accounts: Accounts): FuturesAccountFigures {
  const out: FuturesAccountFigures = { balances: [], margins: [], info: {}, failures: [] };
  const balances = new Map<string, AccountBalance>();
  for (const [name, account] of entriesOf(accounts as Record<string, unknown>)) {
    if (name === 'flex') flexFigures(account as FlexAccount, balances, out);
    else if (name === 'cash') {
      for (const [code, amount] of entriesOf((account as { balances?: Record<string, unknown> }).balances)) {
        try {
          out.info[`cash_${currencyCodeOfAsset(code.toUpperCase())}`] = exactText(amount, `/cash/balances/${code}`);
        } catch (err) {
          out.failures.push({ id: `cash/${code}`, error: asKrakenError(err) });
        }
      }
    } else marginAccountFigures(name, account as MarginAccount, balances, out);
  }
  out.balances.push(...balances.values());
  return out;
}
