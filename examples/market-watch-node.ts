/**
 * A strategy in a node: a `TradingNode` hosting the Kraken data client for Spot and Futures and
 * a small strategy that watches one Spot pair and one perpetual: the spread from quotes, a
 * volume-weighted price from trades, the verified book's depth. Data only, so it needs no keys.
 * Runs against the embedded simulator, or real Kraken with `--live`.
 *
 *   npx tsx examples/market-watch-node.ts [--live] [--seconds 10]
 */
import { fileURLToPath } from 'node:url';
import {
  FixedDecimal,
  InstrumentId,
  KrakenLiveDataClientFactory,
  Strategy,
  TradingNode,
  type OrderBookDeltas,
  type QuoteTick,
  type StrategyConfig,
  type TradeTick,
} from '../src/index.js';
import { startKrakenSim } from '../src/sim/index.js';

export interface MarketWatchConfig extends StrategyConfig {
  readonly spot: string;
  readonly perpetual: string;
}

export interface MarketSummary {
  quotes: number;
  trades: number;
  bookUpdates: number;
  /** Ask minus bid of the last quote, exact. */
  lastSpread: string | null;
  /** Sum(price × size) / Sum(size) over the trades seen, 8 decimals. */
  vwap: string | null;
  /** Levels on each side of the perpetual's verified book at the last update. */
  bookLevels: { bids: number; asks: number };
}

export class MarketWatch extends Strategy {
  readonly summary: MarketSummary = {
    quotes: 0,
    trades: 0,
    bookUpdates: 0,
    lastSpread: null,
    vwap: null,
    bookLevels: { bids: 0, asks: 0 },
  };
  private readonly spot: InstrumentId;
  private readonly perpetual: InstrumentId;
  private notional = FixedDecimal.fromInt(0);
  private volume = FixedDecimal.fromInt(0);

  constructor(config: MarketWatchConfig) {
    super(config);
    this.spot = InstrumentId.fromStr(config.spot);
    this.perpetual = InstrumentId.fromStr(config.perpetual);
  }

  override async onStart(): Promise<void> {
    await this.subscribeQuoteTicks(this.spot);
    await this.subscribeTradeTicks(this.spot);
    await this.subscribeOrderBookDeltas(this.perpetual, { depth: 10 });
  }

  override onQuoteTick(tick: QuoteTick): void {
    this.summary.quotes++;
    this.summary.lastSpread = FixedDecimal.from(tick.askPrice).sub(FixedDecimal.from(tick.bidPrice)).toString();
  }

  override onTradeTick(tick: TradeTick): void {
    this.summary.trades++;
    const size = FixedDecimal.from(tick.size);
    this.notional = this.notional.add(FixedDecimal.from(tick.price).mul(size));
    this.volume = this.volume.add(size);
    this.summary.vwap = this.notional.div(this.volume, 8).toString();
  }

  override onOrderBookDeltas(_deltas: OrderBookDeltas): void {
    this.summary.bookUpdates++;
    const book = this.cache.orderBook(this.perpetual);
    this.summary.bookLevels = { bids: book.bidLevels, asks: book.askLevels };
  }
}

/** The node config a user writes, pointed at the given endpoints (none: real Kraken). */
export function marketWatchNode(urls: { spotRest: string; spotWsPublic: string; futuresRest: string; futuresWs: string } | null): {
  node: TradingNode;
  strategy: MarketWatch;
} {
  const node = new TradingNode({
    dataClients: {
      KRAKEN: {
        productTypes: ['SPOT', 'FUTURES'],
        ...(urls === null
          ? {}
          : {
              baseUrlHttpSpot: urls.spotRest,
              baseUrlWsSpot: urls.spotWsPublic,
              baseUrlHttpFutures: urls.futuresRest,
              baseUrlWsFutures: urls.futuresWs,
            }),
      },
    },
    logging: { level: 'WARNING' },
  });
  // Data only: an empty environment, so no keys are read or confirmed.
  node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env: {} }));
  const strategy = new MarketWatch({ strategyId: 'MarketWatch-001', spot: 'BTC/USD.KRAKEN', perpetual: 'PF_XBTUSD.KRAKEN' });
  node.addStrategy(strategy);
  return { node, strategy };
}

async function run(): Promise<void> {
  const live = process.argv.includes('--live');
  const at = process.argv.indexOf('--seconds');
  const seconds = at > 0 ? Number(process.argv[at + 1]) : 10;
  const sim = live ? null : await startKrakenSim();
  const { node, strategy } = marketWatchNode(sim === null ? null : sim.urls);
  node.installSignalHandlers();
  try {
    await node.run();
    await new Promise((r) => setTimeout(r, seconds * 1000));
  } finally {
    await node.stop();
    await sim?.close();
  }
  console.log(JSON.stringify(strategy.summary, null, 2));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) void run();
