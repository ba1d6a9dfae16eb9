/**
 * `krakenkit reconcile`: the Kraken execution client's mass status, the venue's view that startup
 * reconciliation works from, as tables: orders, fills, positions, the window they cover and
 * whether the status is complete (with what could not be read). `--json` prints it as JSON.
 * Reads only: the client connects without the dead man's switch and sends no order.
 */
import { KrakenLiveExecClientFactory } from '../adapter/execution/factory.js';
import type { KrakenExecutionClient } from '../adapter/execution/kraken-execution-client.js';
import { KrakenStateError } from '../core/errors.js';
import type { ExecutionMassStatus } from '../model/reports.js';
import { TradingNode } from '../node/trading-node.js';
import type { CliIo } from './io.js';
import { formatTable } from './table.js';

const table = (header: readonly string[], rows: readonly (readonly string[])[]): string[] => formatTable(header, rows).split('\n');
import { requireCredentials, type CliVenue } from './venue.js';

export interface ReconcileOptions {
  /** Minutes of closed orders and fills; null reads everything the venue keeps. */
  readonly lookbackMins: number | null;
  readonly json?: boolean;
}

const iso = (ns: bigint | null): string => (ns === null ? 'unbounded' : new Date(Number(ns / 1_000_000n)).toISOString());
const text = (v: { toString(): string } | null | undefined): string => (v === null || v === undefined ? '-' : v.toString());

export function massStatusJson(s: ExecutionMassStatus): unknown {
  return {
    account: s.accountId.value,
    window: { start: iso(s.windowStart), end: iso(s.windowEnd) },
    complete: s.complete,
    gaps: s.gaps,
    orders: s.orderReports.map((r) => ({
      instrument: r.instrumentId.toString(),
      venueOrderId: r.venueOrderId.value,
      clientOrderId: r.clientOrderId?.value ?? null,
      side: r.orderSide,
      type: r.orderType,
      status: r.orderStatus,
      quantity: r.quantity.toString(),
      filled: r.filledQty.toString(),
      price: r.price?.toString() ?? null,
      avgPx: r.avgPx?.toString() ?? null,
    })),
    fills: s.fillReports.map((f) => ({
      instrument: f.instrumentId.toString(),
      tradeId: f.tradeId.value,
      venueOrderId: f.venueOrderId.value,
      side: f.orderSide,
      quantity: f.lastQty.toString(),
      price: f.lastPx.toString(),
      commission: f.commission.toString(),
      liquidity: f.liquiditySide,
    })),
    positions: s.positionReports.map((p) => ({
      instrument: p.instrumentId.toString(),
      side: p.positionSide,
      quantity: p.quantity.toString(),
      avgPxOpen: p.avgPxOpen?.toString() ?? null,
    })),
  };
}

function massStatusTables(s: ExecutionMassStatus): string[] {
  const lines = [
    `mass status of ${s.accountId.value}: window ${iso(s.windowStart)} .. ${iso(s.windowEnd)}, ${s.complete ? 'complete' : 'INCOMPLETE'}`,
    ...s.gaps.map((g) => `  not read: ${g}`),
    '',
    `orders (${s.orderReports.length}):`,
  ];
  lines.push(
    ...table(
      ['instrument', 'venue order id', 'side', 'type', 'status', 'quantity', 'filled', 'price', 'avg px'],
      s.orderReports.map((r) => [
        r.instrumentId.toString(),
        r.venueOrderId.value,
        r.orderSide,
        r.orderType,
        r.orderStatus,
        r.quantity.toString(),
        r.filledQty.toString(),
        text(r.price),
        text(r.avgPx),
      ]),
    ),
    '',
    `fills (${s.fillReports.length}):`,
    ...table(
      ['instrument', 'trade id', 'venue order id', 'side', 'quantity', 'price', 'fee', 'liquidity'],
      s.fillReports.map((f) => [
        f.instrumentId.toString(),
        f.tradeId.value,
        f.venueOrderId.value,
        f.orderSide,
        f.lastQty.toString(),
        f.lastPx.toString(),
        f.commission.toString(),
        f.liquiditySide,
      ]),
    ),
    '',
    `positions (${s.positionReports.length}):`,
    ...table(
      ['instrument', 'side', 'quantity', 'avg px open'],
      s.positionReports.map((p) => [p.instrumentId.toString(), p.positionSide, p.quantity.toString(), text(p.avgPxOpen)]),
    ),
  );
  return lines;
}

export async function runReconcileCommand(venue: CliVenue, o: ReconcileOptions, io: CliIo): Promise<ExecutionMassStatus> {
  requireCredentials(venue, 'spot');
  requireCredentials(venue, 'futures');
  const { updateInstrumentsIntervalMins: _drop, ...common } = venue.config;
  const node = new TradingNode({
    execClients: { KRAKEN: { ...common, ...(venue.spotWsAuthUrl === null ? {} : { baseUrlWsSpot: venue.spotWsAuthUrl }) } },
    execEngine: { reconciliation: false, openCheckIntervalSecs: null, positionCheckIntervalSecs: null, inflightCheckIntervalMs: null },
    logging: { level: 'ERROR' },
  });
  node.addExecClientFactory('KRAKEN', new KrakenLiveExecClientFactory({ env: venue.env }));
  await node.run();
  try {
    const client = node.execEngine.registeredClients[0] as KrakenExecutionClient;
    const status = await client.generateMassStatus(o.lookbackMins);
    if (status === null) throw new KrakenStateError('the execution client returned no mass status');
    if (o.json === true) io.out(JSON.stringify(massStatusJson(status), null, 2));
    else for (const line of massStatusTables(status)) io.out(line);
    return status;
  } finally {
    await node.stop();
  }
}
