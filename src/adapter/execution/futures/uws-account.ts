/**
 * The Futures account from the Unified WebSocket's `margin` and `positions` channels.
 *
 * - `margin` sends whole sections: `multi_collateral` (the flex wallet) and `single_collateral`
 *   (one row per single-collateral wallet). They carry the figures of the legacy `accounts` flex
 *   and margin accounts, so the latest of each is read as those accounts and goes through the same
 *   parser: balances, margins and figures come out the same as on the legacy API. The legacy
 *   `cash` (holding) wallet has no part in `margin`, so its `cash_*` figures are absent here.
 *   `initial_margin` is read as the figure with open orders and `initial_margin_without_orders` as
 *   the one without (assumed: UWS documents no field list).
 * - `positions` sends one snapshot, then updates of the positions an event touched; a closed
 *   position comes as `size: 0`. The current set becomes position reports through the legacy
 *   position parser (the sign of `size` is the side).
 */
import type { Accounts } from '../../../../generated/futures-rest/types.gen.js';
import type { MarginMultiCollateral, MarginSingleCollateral, PositionsMessage } from '../../../../generated/unified-ws/types.gen.js';
import { KrakenStateError } from '../../../core/errors.js';
import type { PositionStatusReport } from '../../../model/reports.js';
import { isoToNs } from '../../common/wire-time.js';
import type { ProductAccountSnapshot } from '../product-execution.js';
import { parseFuturesAccounts, parseFuturesPositions, type ReportContext } from '../reports/index.js';

type MultiRow = MarginMultiCollateral['data'][number];
type SingleRow = MarginSingleCollateral['data'][number];
type PositionRow = PositionsMessage['data']['futures'][number];

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function flexAccount(row: MultiRow): Record<string, unknown> {
  const currencies: Record<string, unknown> = {};
  for (const c of row.currencies ?? []) {
    currencies[c.asset] = defined({ quantity: c.quantity, value: c.value, collateral: c.collateral_value, available: c.available });
  }
  return defined({
    type: 'multiCollateralMarginAccount',
    currencies,
    initialMargin: row.initial_margin_without_orders ?? row.initial_margin,
    initialMarginWithOrders: row.initial_margin,
    maintenanceMargin: row.maintenance_margin,
    balanceValue: row.balance_value,
    portfolioValue: row.portfolio_value,
    collateralValue: row.collateral_value,
    pnl: row.pnl,
    unrealizedFunding: row.unrealized_funding,
    totalUnrealized: row.total_unrealized,
    totalUnrealizedAsMargin: row.total_unrealized_as_margin,
    marginEquity: row.margin_equity,
    availableMargin: row.available_margin,
  });
}

function marginAccount(row: SingleRow): Record<string, unknown> {
  const unit = row.unit ?? '';
  return defined({
    type: 'marginAccount',
    currency: unit.toLowerCase(),
    balances: row.balance === undefined || unit === '' ? {} : { [unit.toLowerCase()]: row.balance },
    marginRequirements: defined({ im: row.initial_margin, mm: row.maintenance_margin }),
  });
}

export class UwsAccountState {
  #multi: MultiRow[] | null = null;
  #single: SingleRow[] | null = null;
  #tsEventNs: bigint | null = null;
  #positions: Map<string, PositionRow> | null = null;

  /** Whether the flex section has arrived (Kraken sends the current state on subscribe). */
  get hasMargin(): boolean {
    return this.#multi !== null;
  }

  get hasPositions(): boolean {
    return this.#positions !== null;
  }

  onMargin(m: MarginMultiCollateral | MarginSingleCollateral): void {
    if (m.type === 'multi_collateral') this.#multi = m.data;
    else this.#single = m.data;
    const stamp = m.data.find((r) => r.timestamp !== undefined)?.timestamp;
    if (stamp !== undefined) this.#tsEventNs = isoToNs(stamp, '/margin/timestamp');
  }

  onPositions(m: PositionsMessage): void {
    if (m.type === 'snapshot' || this.#positions === null) this.#positions = new Map();
    for (const p of m.data.futures) {
      if (/^-?0*(\.0*)?$/.test(String(p.size))) this.#positions.delete(p.symbol);
      else this.#positions.set(p.symbol, { ...this.#positions.get(p.symbol), ...p });
    }
  }

  /** The latest sections as the account's balances, margins and figures; throws when an entry does not parse. */
  snapshot(nowNs: bigint): ProductAccountSnapshot {
    if (this.#multi === null) throw new KrakenStateError('Kraken Futures account: no margin section received yet');
    const accounts: Record<string, unknown> = {};
    const flex = this.#multi[0];
    if (flex !== undefined) accounts['flex'] = flexAccount(flex);
    for (const row of this.#single ?? []) accounts[row.name] = marginAccount(row);
    const figures = parseFuturesAccounts(accounts as Accounts);
    if (figures.failures.length > 0) {
      throw new KrakenStateError(`Kraken Futures margin: ${figures.failures.map((f) => `${f.id}: ${f.error.message}`).join('; ')}`);
    }
    return { balances: figures.balances, margins: figures.margins, info: figures.info, tsEvent: this.#tsEventNs ?? nowNs };
  }

  /** The open positions as reports; throws when one does not parse. */
  positionReports(ctx: ReportContext): PositionStatusReport[] {
    if (this.#positions === null) throw new KrakenStateError('Kraken Futures positions: no snapshot received yet');
    const entries = [...this.#positions.values()].map((p) => {
      const size = String(p.size);
      const short = size.startsWith('-');
      return defined({
        symbol: p.symbol,
        side: short ? 'short' : 'long',
        size: short ? size.slice(1) : size,
        price: p.entry_price,
        unrealizedFunding: p.unrealized_funding,
      });
    });
    const parsed = parseFuturesPositions(entries as never, ctx);
    if (parsed.failures.length > 0) {
      throw new KrakenStateError(`Kraken Futures positions: ${parsed.failures.map((f) => `${f.id}: ${f.error.message}`).join('; ')}`);
    }
    return parsed.reports;
  }
}
