/**
 * The main job: a `TradingNode` with the Kraken data client and execution client for Spot and
 * Futures, startup reconciliation, the dead man's switch, and the round-trip example strategy
 * (examples/round-trip-trader.ts), with a live view. Stopped by Ctrl-C/SIGTERM, `--duration` or
 * the caller's signal: the strategy stops and cancels its open orders (unless `--keep-orders`),
 * the clients disconnect (which disarms the dead man's switch), and a final summary is printed.
 */
import { KrakenLiveDataClientFactory } from '../adapter/data/factory.js';
import type { KrakenDataClient } from '../adapter/data/kraken-data-client.js';
import type { KrakenExecutionClient } from '../adapter/execution/kraken-execution-client.js';
import { FuturesExecution } from '../adapter/execution/futures/futures-execution.js';
import { SpotExecution } from '../adapter/execution/spot/spot-execution.js';
import { KrakenLiveExecClientFactory } from '../adapter/execution/factory.js';
import { KRAKEN_CREDENTIAL_VARIABLES } from '../adapter/credentials.js';
import { futuresRateLimiterFor, spotRateLimiterFor } from '../kraken/ratelimit/registry.js';
import { FUTURES_DERIVATIVES_LIMITS, SPOT_REST_LIMITS } from '../kraken/ratelimit/tiers.js';
import type { InstrumentId } from '../model/identifiers.js';
import { Topics } from '../node/message-bus.js';
import { TradingNode } from '../node/trading-node.js';
import { RoundTripTrader } from '../../examples/round-trip-trader.js';
import type { CliIo } from './io.js';
import { JobStats } from './job-stats.js';
import { summaryLines } from './job-summary.js';
import { statusLine, viewLines, type RateHeadroom, type ViewSources } from './job-view.js';
import { stopWhen } from './stop-signal.js';
import type { CliVenue } from './venue.js';

export const MAIN_JOB_INSTRUMENTS = ['BTC/USD.KRAKEN', 'PF_XBTUSD.KRAKEN'] as const;
const TRADE_SIZES = { 'BTC/USD.KRAKEN': '0.001', 'PF_XBTUSD.KRAKEN': '0.001' };
/** Kraken cancels every open order this long after the job last re-armed the switch. */
const DEAD_MANS_SWITCH_SECS = 60;
/** How long a stop waits for the venue to confirm the cancels before it disconnects. */
const CANCEL_WAIT_MS = 10_000;

export interface MainJobOptions {
  readonly durationSecs?: number;
  readonly stepSecs?: number;
  readonly statusEverySecs?: number;
  readonly keepOrders?: boolean;
  readonly signal?: AbortSignal;
  /** Run the execution client and let the strategy place orders. */
  readonly trading: boolean;
  /** Every Spot order with Kraken's validate flag (checked, never placed); Futures orders denied. */
  readonly validateOnly?: boolean;
}

export interface MainJobResult {
  readonly orders: number;
  readonly fills: number;
  readonly stoppedBy: string;
}

/** The execution client's config: the data config's endpoints, the Spot WS pointed at the authenticated endpoint. */
function execConfig(venue: CliVenue, validateOnly: boolean): Record<string, unknown> {
  const { updateInstrumentsIntervalMins: _drop, ...common } = venue.config;
  return {
    ...common,
    ...(venue.spotWsAuthUrl === null ? {} : { baseUrlWsSpot: venue.spotWsAuthUrl }),
    cancelAllAfterSecs: DEAD_MANS_SWITCH_SECS,
    ...(validateOnly ? { validateOrders: true } : {}),
  };
}

function rateLimits(venue: CliVenue): RateHeadroom[] {
  const spotKey = venue.env[KRAKEN_CREDENTIAL_VARIABLES.SPOT.key];
  const futuresKey = venue.env[KRAKEN_CREDENTIAL_VARIABLES.FUTURES_LIVE.key];
  const out: RateHeadroom[] = [];
  if (spotKey !== undefined && spotKey !== '') {
    const spot = spotRateLimiterFor(spotKey);
    out.push({ name: 'Spot REST', level: spot.restLevel(), max: SPOT_REST_LIMITS[spot.tier].max });
  }
  if (futuresKey !== undefined && futuresKey !== '') {
    out.push({ name: 'Futures', level: futuresRateLimiterFor(futuresKey).derivativesLevel(), max: FUTURES_DERIVATIVES_LIMITS.max });
  }
  return out;
}

/**
 * Watches the dead man's switch of each product through the stop: what the venue was told is read
 * from the switches themselves and from a failed disarm's alert or event.
 */
function watchDeadMansSwitch(node: TradingNode): () => string {
  const client = node.execEngine.registeredClients[0] as KrakenExecutionClient | undefined;
  const products = client?.products ?? [];
  const failed = new Set<string>();
  const armedBefore = new Map<string, boolean>();
  const offs: (() => void)[] = [
    node.msgbus.subscribe(Topics.executionAlerts(), (a) => {
      if (a.kind === 'DEAD_MANS_SWITCH_DISARM_FAILED') failed.add('Spot');
    }),
  ];
  for (const p of products) {
    if (p instanceof SpotExecution) armedBefore.set('Spot', p.deadMansSwitch?.armed === true);
    if (p instanceof FuturesExecution) {
      armedBefore.set('Futures', p.deadManSwitch?.isArmed === true);
      offs.push(p.onDeadManSwitch((e) => void (e.action === 'failed' && e.cause === 'stop' && failed.add('Futures'))));
    }
  }
  return () => {
    for (const off of offs) off();
    const still = (name: string) =>
      products.some((p) =>
        name === 'Spot'
          ? p instanceof SpotExecution && p.deadMansSwitch?.armed === true
          : p instanceof FuturesExecution && p.deadManSwitch?.isArmed === true,
      );
    const parts = [...armedBefore].map(([name, was]) =>
      !was
        ? `${name} was not armed`
        : failed.has(name)
          ? `${name} DISARM FAILED`
          : still(name)
            ? `${name} still armed`
            : `${name} disarmed`,
    );
    return `dead man's switch: ${parts.length === 0 ? 'none (no execution client)' : parts.join(', ')}`;
  };
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

export async function runMainJob(venue: CliVenue, o: MainJobOptions, io: CliIo): Promise<MainJobResult> {
  const node = new TradingNode({
    dataClients: { KRAKEN: venue.config },
    ...(o.trading ? { execClients: { KRAKEN: execConfig(venue, o.validateOnly === true) } } : {}),
    execEngine: { reconciliation: true, openCheckIntervalSecs: 30, positionCheckIntervalSecs: 60 },
    // On a terminal the view owns the screen: only warnings and errors are logged unless KRAKENKIT_LOG_LEVEL says otherwise.
    logging: { level: io.tty === undefined ? 'INFO' : 'WARNING' },
  });
  node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env: venue.env }));
  node.addExecClientFactory('KRAKEN', new KrakenLiveExecClientFactory({ env: venue.env }));
  const strategy = new RoundTripTrader({
    strategyId: 'RoundTrip-001',
    instrumentIds: MAIN_JOB_INSTRUMENTS,
    tradeSizes: TRADE_SIZES,
    stepSecs: o.stepSecs ?? 2,
    cancelOrdersOnStop: o.keepOrders !== true,
    trading: o.trading,
  });
  node.addStrategy(strategy);
  const ids: readonly InstrumentId[] = strategy.instrumentIds;
  const stats = new JobStats(node.msgbus, node.cache, ids);
  const dataClient = () => node.dataEngine.registeredClients[0] as KrakenDataClient | undefined;
  const sources: ViewSources = {
    venue: venue.name === 'simulator' ? 'the embedded Kraken simulator' : venue.name === 'kraken' ? 'Kraken (live)' : 'the given endpoints',
    cache: node.cache,
    stats,
    instrumentIds: ids,
    bookHealth: (id) => dataClient()?.bookState(id),
    rateLimits: () => (node.state === 'RUNNING' && o.trading ? rateLimits(venue) : []),
    reconciliation: () => node.lastReconciliation,
    trading: o.trading,
  };
  const stop = stopWhen({
    ...(o.durationSecs === undefined ? {} : { durationSecs: o.durationSecs }),
    ...(o.signal === undefined ? {} : { signal: o.signal }),
  });
  if (venue.sim !== null)
    io.err(`embedded Kraken simulator: Spot REST ${venue.sim.urls.spotRest}, Futures REST ${venue.sim.urls.futuresRest}`);
  if (!o.trading) io.err('read-only: market data only, no orders (add --trade to trade)');
  let lastCount = 0;
  const tick = () => {
    const rate = stats.messages - lastCount;
    lastCount = stats.messages;
    return rate;
  };
  const timers: NodeJS.Timeout[] = [];
  let stoppedBy = 'stopped';
  const notes: string[] = [];
  try {
    await Promise.race([node.run(), stop.stopped]);
    if (node.state === 'RUNNING') {
      io.err(`main job running on ${sources.venue}: ${ids.map((i) => i.toString()).join(', ')}`);
      if (io.tty !== undefined) {
        const tty = io.tty;
        timers.push(setInterval(() => tty.write(`\x1b[H\x1b[2J${viewLines(sources, tick(), new Date()).join('\n')}\n`), 1000));
      } else {
        const every = (o.statusEverySecs ?? 5) * 1000;
        let last = Date.now();
        timers.push(
          setInterval(() => {
            const secs = Math.max(1, (Date.now() - last) / 1000);
            last = Date.now();
            io.out(statusLine(sources, Math.round(tick() / secs)));
          }, every),
        );
      }
    }
    stoppedBy = await stop.stopped;
  } finally {
    for (const t of timers) clearInterval(t);
    stop.dispose();
    if (node.state === 'RUNNING') {
      io.err(
        `stopping (${stoppedBy}): strategy halted${o.keepOrders === true ? ', open orders left at the venue' : ', cancelling open orders'}`,
      );
      await strategy.halt().catch((e: unknown) => io.err(`cancel failed: ${(e as Error).message}`));
      const settled = await waitUntil(
        () => node.cache.ordersInflight().length === 0 && (o.keepOrders === true || node.cache.ordersOpen().length === 0),
        CANCEL_WAIT_MS,
      );
      if (!settled) notes.push('note: some orders were still open or in flight when the job stopped');
    }
    const dms = watchDeadMansSwitch(node);
    await node.stop();
    notes.push(dms());
    stats.dispose();
  }
  const summary = summaryLines(node.cache, stats, notes);
  for (const line of summary.lines) io.out(line);
  return { orders: summary.orders, fills: summary.fills, stoppedBy };
}
