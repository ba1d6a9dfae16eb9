import type { Clock } from '../../core/clock.js';
import type { Dec } from './types/common.js';
import type { ReplayMessage, SimEngineApi, SimEngineOptions } from './types/engine.js';
import type { SimEventListener } from './types/events.js';
import { SimVenueError } from './errors.js';
import { Decimal } from './decimal.js';
import { EventBus } from './events.js';
import { FuturesCore } from './futures/core.js';
import { FuturesService } from './futures/service.js';
import { DEFAULT_SPOT_ASSETS, DEFAULT_SPOT_PAIRS, defaultFuturesProducts } from './instruments.js';
import { IdFactory } from './ids.js';
import { Sfc32Random } from '../random/sfc32.js';
import { SpotService } from './spot/service.js';
import { SpotCore } from './spot/core.js';
import { FuturesProductGenerator } from '../market/futures-generator.js';
import { applyReplay } from '../market/replay.js';
import { SpotPairGenerator, resolveMarketOptions } from '../market/spot-generator.js';
import type { ResolvedMarketOptions } from '../market/spot-generator.js';
import { checkLiquidations, processDeadMan, processExpiry, processFunding } from './futures/schedule.js';
import { accountsView, futuresTicker } from './futures/views.js';

/** When the clock jumps far ahead, at most this many generator steps are simulated; the rest is skipped. */
const MAX_CATCH_UP_STEPS = 300;

/**
 * The simulated Kraken venue: spot + futures cores, the seeded market generator and the clock
 * discipline. Everything time-driven happens in `tick()`, stamped with the simulated step time.
 */
export class SimEngine implements SimEngineApi {
  readonly clock: Pick<Clock, 'nowMs'>;
  readonly spot: SpotService;
  readonly futures: FuturesService;
  readonly spotCore: SpotCore;
  readonly futuresCore: FuturesCore;
  private readonly bus = new EventBus();
  private readonly market: ResolvedMarketOptions | null;
  private readonly spotGenerators: SpotPairGenerator[] = [];
  private readonly futuresGenerators: FuturesProductGenerator[] = [];
  /** Time override while replaying generator steps, so events carry the step's own time. */
  private stepTime: number | null = null;
  private nextStepMs: number;
  private ticking = false;

  constructor(opts: SimEngineOptions) {
    this.clock = opts.clock;
    const now = (): number => this.stepTime ?? this.clock.nowMs();
    const root = new Sfc32Random(opts.seed);
    const ids = new IdFactory(root.fork('ids'));
    const start = this.clock.nowMs();
    this.spotCore = new SpotCore(opts.spotAssets ?? DEFAULT_SPOT_ASSETS, opts.spotPairs ?? DEFAULT_SPOT_PAIRS, this.bus, ids, now);
    this.futuresCore = new FuturesCore(opts.futuresProducts ?? defaultFuturesProducts(start), this.bus, ids, now);
    this.spot = new SpotService(this.spotCore, () => this.tick());
    this.futures = new FuturesService(
      this.futuresCore,
      () => this.tick(),
      () => this.settleFutures(),
    );
    this.market = opts.market === false ? null : resolveMarketOptions(opts.market ?? {});
    this.nextStepMs = start;
    if (this.market) {
      for (const pair of this.spotCore.pairs)
        this.spotGenerators.push(new SpotPairGenerator(this.spotCore, pair, root.fork(`spot:${pair.id}`), this.market));
      for (const st of this.futuresCore.products.values()) {
        const spotPair = this.spotCore.pairs.find((p) => this.spotCore.assets.get(p.base)?.altname === st.spec.base && p.quote === 'ZUSD');
        const spotGen = this.spotGenerators.find((g) => g.pair.id === spotPair?.id);
        this.futuresGenerators.push(
          new FuturesProductGenerator(this.futuresCore, st, root.fork(`fut:${st.spec.symbol}`), this.market, () =>
            spotPair && spotGen ? (this.spotCore.indexPrice(spotPair) ?? spotGen.mid) : null,
          ),
        );
      }
    }
  }

  on(listener: SimEventListener): () => void {
    return this.bus.on(listener);
  }

  private settleFutures(): void {
    this.futuresCore.checkTriggers();
    checkLiquidations(this.futuresCore);
    this.futuresCore.publish((acc) => accountsView(this.futuresCore, acc));
  }

  private processDue(): void {
    this.spotCore.processTime();
    processDeadMan(this.futuresCore);
    processExpiry(this.futuresCore);
    processFunding(this.futuresCore);
    this.settleFutures();
  }

  tick(): void {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.clock.nowMs();
      if (this.market) {
        const step = this.market.stepMs;
        if (now - this.nextStepMs > step * MAX_CATCH_UP_STEPS) this.nextStepMs = now - step * MAX_CATCH_UP_STEPS;
        while (this.nextStepMs <= now) {
          this.stepTime = this.nextStepMs;
          this.processDue();
          for (const g of this.spotGenerators) g.step();
          this.spotCore.settle();
          for (const g of this.futuresGenerators) g.step();
          this.settleFutures();
          for (const st of this.futuresCore.products.values()) {
            this.bus.emit({
              type: 'futures.ticker',
              timeMs: this.stepTime,
              symbol: st.spec.symbol,
              ticker: futuresTicker(this.futuresCore, st),
            });
          }
          this.nextStepMs += step;
        }
        this.stepTime = null;
      }
      this.processDue();
    } finally {
      this.stepTime = null;
      this.ticking = false;
    }
  }

  createSpotAccount(accountId: string, init: { balances?: Record<string, Dec> } = {}): void {
    if (this.spotCore.wallets.accounts.has(accountId))
      throw new SimVenueError('EGeneral:Invalid arguments', `spot account ${accountId} exists`);
    this.spotCore.wallets.create(accountId);
    for (const [asset, amount] of Object.entries(init.balances ?? {})) this.depositSpot(accountId, asset, amount);
  }

  createFuturesAccount(accountId: string, init: { balances?: Record<string, Dec> } = {}): void {
    if (this.futuresCore.accounts.has(accountId)) throw new SimVenueError('invalidAccount', `futures account ${accountId} exists`);
    this.futuresCore.createAccount(accountId);
    for (const [ccy, amount] of Object.entries(init.balances ?? {})) this.depositFutures(accountId, ccy, amount);
  }

  hasSpotAccount(accountId: string): boolean {
    return this.spotCore.wallets.accounts.has(accountId) && accountId !== this.spotCore.marketAccountId();
  }

  hasFuturesAccount(accountId: string): boolean {
    const acc = this.futuresCore.accounts.get(accountId);
    return acc !== undefined && !acc.unlimited;
  }

  depositSpot(accountId: string, asset: string, amount: Dec): void {
    const acc = this.spotCore.wallets.get(accountId);
    const a = this.spotCore.assets.get(asset) ?? [...this.spotCore.assets.values()].find((x) => x.altname === asset || x.wsName === asset);
    if (!a) throw new SimVenueError('EGeneral:Invalid arguments:asset', `unknown asset ${asset}`);
    const d = new Decimal(amount);
    this.spotCore.wallets.post(acc, a.id, d, new Decimal(0), d.isNeg() ? 'adjustment' : 'deposit', this.spotCore.ids.kraken('Q'));
  }

  depositFutures(accountId: string, currency: string, amount: Dec): void {
    const acc = this.futuresCore.accounts.get(accountId);
    if (!acc || acc.unlimited) throw new SimVenueError('invalidAccount', `unknown futures account ${accountId}`);
    const ccy = currency.toUpperCase() === 'BTC' ? 'XBT' : currency.toUpperCase();
    acc.balances.set(ccy, (acc.balances.get(ccy) ?? new Decimal(0)).plus(new Decimal(amount)));
    this.futuresCore.markAccountChanged(acc);
    this.settleFutures();
  }

  replay(message: ReplayMessage): void {
    applyReplay(this.spotCore, message);
  }

  setSpotIndexPrice(pair: string, price: Dec): void {
    const p = this.spotCore.requirePair(pair);
    this.spotCore.index.set(p.id, new Decimal(price));
    this.spotCore.settle();
  }

  setFuturesPrices(symbol: string, prices: { mark?: Dec; index?: Dec }): void {
    const st = this.futuresCore.product(symbol);
    if (!st) throw new SimVenueError('invalidArgument', `unknown symbol ${symbol}`);
    if (prices.index !== undefined) st.index = new Decimal(prices.index);
    if (prices.mark !== undefined) st.mark = new Decimal(prices.mark);
    this.settleFutures();
  }
}

export function createSimEngine(opts: SimEngineOptions): SimEngine {
  return new SimEngine(opts);
}
