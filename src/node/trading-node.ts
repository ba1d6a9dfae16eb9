/**
 * `TradingNode`: wires the bus, cache, engines and strategies, creates venue clients from
 * registered factories, and runs the lifecycle: connect → reconcile → start strategies → periodic
 * checks. If startup reconciliation fails the node does not trade (docs/reliability.md O10).
 *
 *   const node = new TradingNode({ dataClients: { KRAKEN: {...} }, execClients: { KRAKEN: {...} } });
 *   node.addDataClientFactory('KRAKEN', KrakenLiveDataClientFactory);
 *   node.addExecClientFactory('KRAKEN', KrakenLiveExecClientFactory);
 *   node.addStrategy(new MyStrategy());
 *   node.build();
 *   await node.run();
 */
import { inspect } from 'node:util';
import { systemClock, type Clock, type TimerHandle } from '../core/clock.js';
import { KrakenStateError } from '../core/errors.js';
import { Cache } from './cache.js';
import type { LiveDataClient, LiveDataClientFactory, LiveExecClientFactory, LiveExecutionClient } from './clients.js';
import { NodeClock } from './clock.js';
import { DataEngine } from './data-engine.js';
import { ExecutionChecks, type ExecEngineConfig } from './exec-checks.js';
import { ExecutionEngine } from './execution-engine.js';
import { createLogger, redactFields, type Logger, type LoggerConfig } from './logger.js';
import { MessageBus } from './message-bus.js';
import type { ReconciliationResult } from './reconciliation.js';
import { RiskEngine, type RiskEngineConfig } from './risk-engine.js';
import type { Strategy } from './strategy.js';

export interface TradingNodeConfig {
  readonly traderId?: string;
  /** Client configs keyed by the name a data client factory is registered under (e.g. `KRAKEN`). */
  readonly dataClients?: Readonly<Record<string, unknown>>;
  readonly execClients?: Readonly<Record<string, unknown>>;
  readonly execEngine?: ExecEngineConfig;
  readonly riskEngine?: RiskEngineConfig;
  readonly logging?: LoggerConfig;
  /**
   * The time seam (src/core/clock.ts); default the wall clock. In tests pass a `ManualClock`, the
   * same one the WS clients and the simulator use, and move time with `advance()`.
   */
  readonly clock?: Clock;
  /** Default 30. */
  readonly timeoutConnectionSecs?: number;
}

export type NodeState = 'IDLE' | 'BUILT' | 'STARTING' | 'RUNNING' | 'STOPPING' | 'STOPPED';

export class TradingNode {
  readonly traderId: string;
  readonly clock: NodeClock;
  readonly log: Logger;
  readonly msgbus: MessageBus;
  readonly cache = new Cache();
  readonly dataEngine: DataEngine;
  readonly riskEngine: RiskEngine;
  readonly execEngine: ExecutionEngine;
  readonly execChecks: ExecutionChecks;
  state: NodeState = 'IDLE';
  lastReconciliation: ReconciliationResult | null = null;

  private readonly dataFactories = new Map<string, LiveDataClientFactory>();
  private readonly execFactories = new Map<string, LiveExecClientFactory>();
  private readonly strategies: Strategy[] = [];
  private readonly dataClients: LiveDataClient[] = [];
  private readonly execClients: LiveExecutionClient[] = [];
  private signalHandler: (() => void) | null = null;
  private stopping: Promise<void> | null = null;
  private signals: readonly NodeJS.Signals[] = [];

  constructor(readonly config: TradingNodeConfig = {}) {
    this.traderId = config.traderId ?? 'TRADER-001';
    this.clock = new NodeClock(config.clock ?? systemClock);
    this.log = createLogger('TradingNode', { clock: this.clock.source, ...config.logging });
    this.msgbus = new MessageBus(this.log.child('MessageBus'));
    this.dataEngine = new DataEngine(this.msgbus, this.cache, this.clock, this.log.child('DataEngine'));
    this.riskEngine = new RiskEngine(this.cache, config.riskEngine);
    this.execEngine = new ExecutionEngine(
      this.msgbus,
      this.cache,
      this.clock,
      this.log.child('ExecEngine'),
      this.riskEngine,
      config.execEngine?.dedupCapacity,
    );
    this.execChecks = new ExecutionChecks(this.execEngine, config.execEngine);
  }

  addDataClientFactory<C>(name: string, factory: LiveDataClientFactory<C>): void {
    this.dataFactories.set(name, factory);
  }
  addExecClientFactory<C>(name: string, factory: LiveExecClientFactory<C>): void {
    this.execFactories.set(name, factory);
  }

  addStrategy(strategy: Strategy): void {
    if (this.state !== 'IDLE' && this.state !== 'BUILT') throw new KrakenStateError(`cannot add a strategy to a ${this.state} node`);
    if (this.strategies.some((s) => s.id.equals(strategy.id)))
      throw new KrakenStateError(`strategy id ${strategy.id.value} is already in use`);
    strategy.register({
      msgbus: this.msgbus,
      cache: this.cache,
      clock: this.clock,
      logger: this.log.child(strategy.id.value),
      dataEngine: this.dataEngine,
      execEngine: this.execEngine,
    });
    this.strategies.push(strategy);
  }

  /** Creates every configured client from its factory. */
  build(): void {
    if (this.state !== 'IDLE') throw new KrakenStateError(`build() on a ${this.state} node`);
    const base = { msgbus: this.msgbus, cache: this.cache, clock: this.clock };
    for (const [name, cfg] of Object.entries(this.config.dataClients ?? {})) {
      const factory = this.dataFactories.get(name);
      if (factory === undefined) throw new KrakenStateError(`no data client factory registered for ${name}`);
      const client = factory.create(name, cfg, {
        ...base,
        name,
        logger: this.log.child(`DataClient-${name}`),
        handler: this.dataEngine.handler,
      });
      this.dataEngine.registerClient(client);
      this.dataClients.push(client);
    }
    for (const [name, cfg] of Object.entries(this.config.execClients ?? {})) {
      const factory = this.execFactories.get(name);
      if (factory === undefined) throw new KrakenStateError(`no execution client factory registered for ${name}`);
      const handler = {
        ...this.execEngine.eventHandler,
        handleOrderStatusReport: (r: Parameters<ExecutionChecks['handleOrderStatusReport']>[0]) =>
          this.execChecks.handleOrderStatusReport(r),
        handleFillReport: (r: Parameters<ExecutionChecks['handleFillReport']>[0]) => this.execChecks.handleFillReport(r),
      };
      const client = factory.create(name, cfg, { ...base, name, logger: this.log.child(`ExecClient-${name}`), handler });
      this.execEngine.registerClient(client);
      this.execClients.push(client);
    }
    this.state = 'BUILT';
  }

  /** Connects, reconciles and starts the strategies; resolves once the node is running. */
  async run(): Promise<void> {
    if (this.state === 'IDLE') this.build();
    if (this.state !== 'BUILT' && this.state !== 'STOPPED') throw new KrakenStateError(`run() on a ${this.state} node`);
    this.state = 'STARTING';
    try {
      await this.withTimeout(Promise.all([...this.dataClients, ...this.execClients].map((c) => c.connect())), 'connecting clients');
      if (this.config.execEngine?.reconciliation !== false && this.execClients.length > 0) {
        const result = await this.execChecks.reconcileAtStartup();
        this.lastReconciliation = result;
        this.log.info('startup reconciliation done', {
          ok: result.ok,
          externalOrders: result.externalOrders,
          fillsApplied: result.fillsApplied,
          inferredFills: result.inferredFills,
          positionsCorrected: result.positionsCorrected,
        });
        if (!result.ok) throw new KrakenStateError(`startup reconciliation failed, not trading: ${result.errors.slice(0, 3).join('; ')}`);
      }
      for (const s of this.strategies) await s.start();
      this.execChecks.start();
      this.state = 'RUNNING';
      this.log.info(`node ${this.traderId} running`, { strategies: this.strategies.map((s) => s.id.value) });
    } catch (err) {
      this.log.error(`node start failed: ${(err as Error).message}`);
      await this.shutdown();
      throw err;
    }
  }

  /**
   * Stops strategies, periodic checks and clients. Safe to call more than once: a call while a
   * stop is in progress (e.g. one a signal started) resolves when that stop completes.
   */
  async stop(): Promise<void> {
    if (this.stopping !== null) return this.stopping;
    if (this.state !== 'RUNNING' && this.state !== 'STARTING') return;
    await this.shutdown();
  }

  private shutdown(): Promise<void> {
    this.stopping ??= this.doShutdown().finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  private async doShutdown(): Promise<void> {
    this.state = 'STOPPING';
    this.execChecks.stop();
    for (const s of this.strategies) {
      await s.stop().catch((err: unknown) => this.log.error(`strategy ${s.id.value} stop failed: ${(err as Error).message}`));
    }
    const results = await Promise.allSettled([...this.dataClients, ...this.execClients].map((c) => c.disconnect()));
    for (const r of results) if (r.status === 'rejected') this.log.warn(`disconnect failed: ${(r.reason as Error).message}`);
    this.state = 'STOPPED';
    this.log.info(`node ${this.traderId} stopped`);
  }

  /** Stops the node gracefully on these signals (default SIGINT, SIGTERM). Returns the remover. */
  installSignalHandlers(signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): () => void {
    this.removeSignalHandlers();
    const handler = (): void => {
      this.log.info('signal received: stopping');
      this.removeSignalHandlers();
      void this.stop();
    };
    for (const s of signals) process.on(s, handler);
    this.signalHandler = handler;
    this.signals = signals;
    return () => this.removeSignalHandlers();
  }

  removeSignalHandlers(): void {
    if (this.signalHandler === null) return;
    for (const s of this.signals) process.off(s, this.signalHandler);
    this.signalHandler = null;
    this.signals = [];
  }

  get registeredStrategies(): readonly Strategy[] {
    return this.strategies;
  }

  /** The config with secret-named fields masked, safe to log. */
  redactedConfig(): unknown {
    const { clock: _clock, logging: _logging, ...rest } = this.config;
    return redactFields(rest);
  }

  // Client configs may hold API keys: never print them (docs/reliability.md S1).
  [inspect.custom](): string {
    return `TradingNode(${this.traderId}, ${this.state})`;
  }
  toJSON(): unknown {
    return { traderId: this.traderId, state: this.state, config: this.redactedConfig() };
  }

  private async withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
    const secs = this.config.timeoutConnectionSecs ?? 30;
    const source = this.clock.source;
    let timer: TimerHandle;
    const timeout = new Promise<never>((_, reject) => {
      timer = source.setTimeout(() => reject(new KrakenStateError(`${what} timed out after ${secs}s`)), secs * 1000);
    });
    // The system clock's timers do not keep the process alive, but this deadline must: a client
    // waiting on its own (unref'd) reconnect timer would otherwise let `await node.run()` end the
    // process silently instead of failing with this timeout.
    const ref = (timer as { ref?: unknown } | null)?.ref;
    if (typeof ref === 'function') ref.call(timer);
    try {
      return await Promise.race([p, timeout]);
    } finally {
      source.clearTimeout(timer);
    }
  }
}
