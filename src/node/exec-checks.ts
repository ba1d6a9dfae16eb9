/**
 * Startup reconciliation and the execution engine's periodic checks.
 *
 * - Startup: every execution client's mass status is reconciled (reconciliation.ts). If any
 *   client fails, the result is not ok and the node refuses to trade (docs/reliability.md O10).
 * - Open-order check (`openCheckIntervalSecs`): the venue's open orders are reconciled; a local
 *   open order missing from that list is queried one by one (with its fills) and resolved.
 * - Position check (`positionCheckIntervalSecs`): venue positions overwrite drifted local ones;
 *   on MARGIN accounts a local open position the venue no longer lists goes FLAT.
 * - In-flight check: an order SUBMITTED / PENDING_UPDATE / PENDING_CANCEL for longer than the
 *   threshold is queried. After `inflightCheckRetries` queries without the venue knowing it, a
 *   submit is rejected (it never reached the venue, docs/reliability.md O3) and a pending modify/cancel is
 *   reverted with a modify/cancel rejection. A rejection synthesised on a WS timeout is checked the
 *   same way: the venue's answer restores the order, or it is confirmed REJECTED after the retries.
 * Kraken's REST counter makes short intervals expensive: each check spends calls from the same
 * per-key budget as trading, so keep open checks at 30 s or more and position checks at 120 s on
 * the Starter tier (docs/reliability.md V1).
 */
import { ClientOrderId, type InstrumentId } from '../model/identifiers.js';
import { OrderCancelRejected, OrderModifyRejected, OrderRejected } from '../model/order-events.js';
import type { Order } from '../model/order.js';
import { PositionStatusReport, type ExecutionMassStatus, type FillReport, type OrderStatusReport } from '../model/reports.js';
import type { LiveExecutionClient } from './clients.js';
import { NANOS_PER_MILLI, secsToNs } from './clock.js';
import type { ExecutionEngine } from './execution-engine.js';
import {
  emptyResult,
  reconcileFill,
  reconcileOrder,
  reconcilePosition,
  type ReconcileHost,
  type ReconciliationResult,
} from './reconciliation.js';

export interface ExecEngineConfig {
  /** Reconcile from each client's mass status at startup (default true). */
  readonly reconciliation?: boolean;
  /** How far back mass status looks for closed orders and fills; null = the client's default. */
  readonly reconciliationLookbackMins?: number | null;
  /** null or 0 disables. Recommended ≥ 30 on Kraken. */
  readonly openCheckIntervalSecs?: number | null;
  /** null or 0 disables. Recommended 120 on Kraken. */
  readonly positionCheckIntervalSecs?: number | null;
  /** Default 2000; null or 0 disables. */
  readonly inflightCheckIntervalMs?: number | null;
  /** Default 5000. */
  readonly inflightCheckThresholdMs?: number;
  /** Default 5. */
  readonly inflightCheckRetries?: number;
  /** Trade ids remembered for dedupe (default 10,000). */
  readonly dedupCapacity?: number;
}

export class ExecutionChecks {
  private readonly host: ReconcileHost;
  private readonly inflightAttempts = new Map<string, number>();
  private readonly running = new Set<string>();
  private started = false;

  constructor(
    private readonly engine: ExecutionEngine,
    private readonly config: ExecEngineConfig = {},
  ) {
    this.host = {
      cache: engine.cache,
      clock: engine.clock,
      log: engine.log,
      apply: (event) => engine.applyEvent(event),
      correctPosition: (report) => engine.correctPosition(report),
    };
  }

  /** Reports pushed by a client outside a request (WS snapshots): reconciled at once. */
  handleOrderStatusReport(report: OrderStatusReport): void {
    const result = emptyResult();
    reconcileOrder(this.host, report, [], result);
    for (const e of result.errors) this.engine.log.warn(`reconciliation: ${e}`);
  }
  handleFillReport(report: FillReport): void {
    const result = emptyResult();
    reconcileFill(this.host, report, result);
    for (const e of result.errors) this.engine.log.warn(`reconciliation: ${e}`);
  }

  reconcileMassStatus(mass: ExecutionMassStatus, client: LiveExecutionClient): ReconciliationResult {
    const result = emptyResult();
    const fillsUsed = new Set<FillReport>();
    for (const report of mass.orderReports) {
      const fills = mass.fillsFor(report.venueOrderId);
      for (const f of fills) fillsUsed.add(f);
      reconcileOrder(this.host, report, fills, result);
    }
    for (const f of mass.fillReports) if (!fillsUsed.has(f)) reconcileFill(this.host, f, result);
    this.reconcilePositions(client, mass.positionReports, result);
    result.ok = result.errors.length === 0;
    return result;
  }

  private reconcilePositions(client: LiveExecutionClient, reports: readonly PositionStatusReport[], result: ReconciliationResult): void {
    const listed = new Set<string>();
    for (const r of reports) {
      listed.add(r.instrumentId.toString());
      reconcilePosition(this.host, r, result);
    }
    // A CASH account's positions are wallet-derived, not venue-listed: never flatten those.
    const lists = (id: InstrumentId): boolean =>
      client.listsPositions === undefined ? client.accountType === 'MARGIN' : client.listsPositions(id);
    for (const p of this.engine.cache.positionsOpen(client.venue)) {
      if (listed.has(p.instrumentId.toString()) || !lists(p.instrumentId)) continue;
      reconcilePosition(
        this.host,
        PositionStatusReport.flat(client.accountId, p.instrumentId, p.quantity, this.engine.clock.timestampNs()),
        result,
      );
    }
  }

  /** Startup reconciliation over every client. Not ok if any client failed: do not trade. */
  async reconcileAtStartup(): Promise<ReconciliationResult> {
    const total = emptyResult();
    for (const client of this.engine.registeredClients) {
      try {
        const mass = await client.generateMassStatus(this.config.reconciliationLookbackMins ?? null);
        if (mass === null) {
          total.errors.push(`${client.clientId.value}: no mass status`);
          continue;
        }
        // A partial history could hide fills or orders: the node must not trade on it.
        for (const gap of mass.gaps) total.errors.push(`${client.clientId.value}: mass status incomplete: ${gap}`);
        const r = this.reconcileMassStatus(mass, client);
        total.externalOrders += r.externalOrders;
        total.fillsApplied += r.fillsApplied;
        total.inferredFills += r.inferredFills;
        total.positionsCorrected += r.positionsCorrected;
        total.errors.push(...r.errors.map((e) => `${client.clientId.value}: ${e}`));
      } catch (err) {
        total.errors.push(`${client.clientId.value}: mass status failed: ${(err as Error).message}`);
      }
    }
    total.ok = total.errors.length === 0;
    return total;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const clock = this.engine.clock;
    const open = this.config.openCheckIntervalSecs ?? null;
    const pos = this.config.positionCheckIntervalSecs ?? null;
    const inflight = this.config.inflightCheckIntervalMs === undefined ? 2000 : this.config.inflightCheckIntervalMs;
    if (open !== null && open > 0)
      clock.setTimer('ExecEngine.openCheck', secsToNs(open), () => this.guard('open', () => this.checkOpenOrders()));
    if (pos !== null && pos > 0)
      clock.setTimer('ExecEngine.positionCheck', secsToNs(pos), () => this.guard('position', () => this.checkPositions()));
    if (inflight !== null && inflight > 0)
      clock.setTimer('ExecEngine.inflightCheck', BigInt(inflight) * NANOS_PER_MILLI, () =>
        this.guard('inflight', () => this.checkInflight()),
      );
  }

  stop(): void {
    const clock = this.engine.clock;
    for (const name of ['ExecEngine.openCheck', 'ExecEngine.positionCheck', 'ExecEngine.inflightCheck']) clock.cancelTimer(name);
    this.started = false;
  }

  /** Runs a check unless the previous run of it is still going; errors are logged. */
  private guard(name: string, run: () => Promise<void>): void {
    if (this.running.has(name)) return;
    this.running.add(name);
    run()
      .catch((err: unknown) => this.engine.log.error(`${name} check failed`, { error: err }))
      .finally(() => this.running.delete(name));
  }

  async checkOpenOrders(): Promise<void> {
    for (const client of this.engine.registeredClients) {
      const reports = await client.generateOrderStatusReports({ openOnly: true });
      const result = emptyResult();
      const seen = new Set<string>();
      for (const r of reports) {
        seen.add(r.venueOrderId.value);
        reconcileOrder(this.host, r, [], result);
      }
      const missing = this.engine.cache
        .ordersOpen({ venue: client.venue })
        .filter((o) => !o.isInflight && (o.venueOrderId === null || !seen.has(o.venueOrderId.value)));
      for (const o of missing) await this.resolve(client, o, result);
      for (const e of result.errors) this.engine.log.warn(`open-order check: ${e}`);
    }
  }

  async checkPositions(): Promise<void> {
    for (const client of this.engine.registeredClients) {
      const result = emptyResult();
      this.reconcilePositions(client, await client.generatePositionStatusReports({}), result);
      for (const e of result.errors) this.engine.log.warn(`position check: ${e}`);
    }
  }

  async checkInflight(): Promise<void> {
    const now = this.engine.clock.timestampNs();
    const threshold = BigInt(this.config.inflightCheckThresholdMs ?? 5000) * NANOS_PER_MILLI;
    const retries = this.config.inflightCheckRetries ?? 5;
    for (const key of [...this.inflightAttempts.keys()]) {
      const o = this.engine.cache.order(new ClientOrderId(key));
      if (o === undefined || !(o.isInflight || (o.status === 'REJECTED' && o.rejectedByTimeout))) this.inflightAttempts.delete(key);
    }
    for (const client of this.engine.registeredClients) {
      // A WS-timeout rejection is an unknown outcome too (docs/reliability.md, "The WS order-timeout contract"): check it like an in-flight order.
      const candidates = this.engine.cache
        .orders({ venue: client.venue })
        .filter((o) => o.isInflight || (o.status === 'REJECTED' && o.rejectedByTimeout));
      for (const o of candidates) {
        if (now - o.tsLast < threshold) continue;
        const result = emptyResult();
        const known = await this.resolve(client, o, result);
        if (known && !o.isInflight && !(o.status === 'REJECTED' && o.rejectedByTimeout)) {
          this.inflightAttempts.delete(o.clientOrderId.value);
          continue;
        }
        const attempts = (this.inflightAttempts.get(o.clientOrderId.value) ?? 0) + 1;
        this.inflightAttempts.set(o.clientOrderId.value, attempts);
        if (known) this.revertStalePending(o);
        else if (attempts >= retries) this.giveUp(o, attempts);
      }
    }
  }

  /** Queries one order (and its fills) and reconciles it. Returns whether the venue knows it. */
  private async resolve(client: LiveExecutionClient, o: Order, result: ReconciliationResult): Promise<boolean> {
    const report = await client.generateOrderStatusReport({
      instrumentId: o.instrumentId,
      clientOrderId: o.clientOrderId,
      venueOrderId: o.venueOrderId,
    });
    if (report === null) return false;
    const fills = report.filledQty.isZero()
      ? []
      : await client.generateFillReports({ instrumentId: o.instrumentId, venueOrderId: report.venueOrderId });
    reconcileOrder(this.host, report, fills, result);
    return true;
  }

  /** The venue knows the order but our modify/cancel left no trace after the threshold: revert. */
  private revertStalePending(o: Order): void {
    const ts = this.engine.clock.timestampNs();
    const base = {
      strategyId: o.strategyId,
      instrumentId: o.instrumentId,
      clientOrderId: o.clientOrderId,
      venueOrderId: o.venueOrderId,
      tsEvent: ts,
      tsInit: ts,
      reconciliation: true,
    };
    if (o.status === 'PENDING_CANCEL')
      this.engine.applyEvent(new OrderCancelRejected({ ...base, reason: 'cancel not confirmed: venue still shows the order' }));
    else if (o.status === 'PENDING_UPDATE')
      this.engine.applyEvent(new OrderModifyRejected({ ...base, reason: 'modify not confirmed: venue shows the old order' }));
  }

  private giveUp(o: Order, attempts: number): void {
    const ts = this.engine.clock.timestampNs();
    const base = {
      strategyId: o.strategyId,
      instrumentId: o.instrumentId,
      clientOrderId: o.clientOrderId,
      venueOrderId: o.venueOrderId,
      tsEvent: ts,
      tsInit: ts,
      reconciliation: true,
    };
    const reason = `not found at the venue after ${attempts} in-flight checks`;
    this.engine.log.warn(`order ${o.clientOrderId.value}: ${reason}`);
    if (o.status === 'SUBMITTED' || o.status === 'REJECTED') this.engine.applyEvent(new OrderRejected({ ...base, reason }));
    else if (o.status === 'PENDING_CANCEL') this.engine.applyEvent(new OrderCancelRejected({ ...base, reason }));
    else if (o.status === 'PENDING_UPDATE') this.engine.applyEvent(new OrderModifyRejected({ ...base, reason }));
    this.inflightAttempts.delete(o.clientOrderId.value);
  }
}
