/**
 * A TradingNode with the Kraken data client against the simulator over real sockets, a strategy
 * that records everything it receives, and a log of the simulator's own events to compare it
 * with. The simulator runs on a manual clock: the market moves only when a test steps it, and
 * `settle()` waits (bounded) until every frame a step caused has reached the strategy.
 */
import { expect } from 'vitest';
import { KrakenLiveDataClientFactory, type KrakenLiveDataClientFactoryOptions } from '../../../src/adapter/data/factory.js';
import type { KrakenDataClient } from '../../../src/adapter/data/kraken-data-client.js';
import type { Bar } from '../../../src/model/bar.js';
import { InstrumentId } from '../../../src/model/identifiers.js';
import type { Instrument } from '../../../src/model/instruments.js';
import type {
  FundingRateUpdate,
  IndexPriceUpdate,
  InstrumentStatus,
  MarkPriceUpdate,
  QuoteTick,
  TradeTick,
} from '../../../src/model/market-data.js';
import type { OrderBook, OrderBookDeltas } from '../../../src/model/order-book.js';
import { memorySink } from '../../../src/node/logger.js';
import { Strategy } from '../../../src/node/strategy.js';
import { TradingNode } from '../../../src/node/trading-node.js';
import type { CandleView, PublicTrade, SimEvent, SpotTickerView } from '../../../src/sim/index.js';
import type { FuturesTickerView } from '../../../src/sim/engine/types/futures-views.js';
import type { TestSim } from '../sim/helpers.js';

export const BTCUSD = InstrumentId.fromStr('BTC/USD.KRAKEN');
export const ETHBTC = InstrumentId.fromStr('ETH/BTC.KRAKEN');
export const PF = InstrumentId.fromStr('PF_XBTUSD.KRAKEN');
/** The simulator's pair ids (Kraken REST keys). */
export const PAIR: Readonly<Record<string, string>> = { 'BTC/USD.KRAKEN': 'XXBTZUSD', 'ETH/BTC.KRAKEN': 'XETHXXBT' };

export interface BookRecord {
  readonly deltas: OrderBookDeltas;
  /** The consumer's (the node cache's) book after these deltas: `price@size` per side, best first. */
  readonly state: readonly (readonly string[])[];
  readonly awaitingSnapshot: boolean;
}

export const sidesOf = (book: OrderBook, depth = Number.MAX_SAFE_INTEGER): string[][] => [
  book.bids(depth).map((l) => `${l.price.toString()}@${l.size.toString()}`),
  book.asks(depth).map((l) => `${l.price.toString()}@${l.size.toString()}`),
];

/** Records everything it receives; `plan` subscribes on start. */
export class Recorder extends Strategy {
  readonly quotes = new Map<string, QuoteTick[]>();
  readonly trades = new Map<string, TradeTick[]>();
  readonly books = new Map<string, BookRecord[]>();
  readonly bars: { readonly bar: Bar; readonly simNowMs: number }[] = [];
  readonly marks: MarkPriceUpdate[] = [];
  readonly indexes: IndexPriceUpdate[] = [];
  readonly fundings: FundingRateUpdate[] = [];
  readonly statuses: InstrumentStatus[] = [];
  readonly instruments: Instrument[] = [];
  simNowMs: () => number = () => 0;

  constructor(private readonly plan: (s: Recorder) => Promise<void>) {
    super({ strategyId: 'Recorder-001' });
  }
  override async onStart(): Promise<void> {
    await this.plan(this);
  }
  override onQuoteTick(t: QuoteTick): void {
    push(this.quotes, t.instrumentId.toString(), t);
  }
  override onTradeTick(t: TradeTick): void {
    push(this.trades, t.instrumentId.toString(), t);
  }
  override onOrderBookDeltas(d: OrderBookDeltas): void {
    const book = this.cache.orderBook(d.instrumentId);
    push(this.books, d.instrumentId.toString(), { deltas: d, state: sidesOf(book), awaitingSnapshot: book.awaitingSnapshot });
  }
  override onBar(bar: Bar): void {
    this.bars.push({ bar, simNowMs: this.simNowMs() });
  }
  override onMarkPrice(u: MarkPriceUpdate): void {
    this.marks.push(u);
  }
  override onIndexPrice(u: IndexPriceUpdate): void {
    this.indexes.push(u);
  }
  override onFundingRate(u: FundingRateUpdate): void {
    this.fundings.push(u);
  }
  override onInstrumentStatus(s: InstrumentStatus): void {
    this.statuses.push(s);
  }
  override onInstrument(i: Instrument): void {
    this.instruments.push(i);
  }
}

function push<T>(m: Map<string, T[]>, key: string, v: T): void {
  const list = m.get(key);
  if (list === undefined) m.set(key, [v]);
  else list.push(v);
}

/** The simulator's own events for the instruments the tests watch, recorded as they happen. */
export class VenueLog {
  readonly tickers = new Map<string, SpotTickerView[]>();
  /**
   * The ticker events that changed the best bid/offer (price or size) since the last one, from
   * the tickers as the log started: what a `ticker` subscription with `event_trigger: bbo` is
   * sent. `afterTrade` says whether a trade caused it (Kraken's default trigger sends only those).
   */
  readonly bboChanges = new Map<string, { readonly ticker: SpotTickerView; readonly afterTrade: boolean }[]>();
  readonly #lastBbo = new Map<string, string>();
  readonly trades = new Map<string, PublicTrade[]>();
  /** Every ohlc event: its time and the current candle of each interval. */
  readonly ohlc = new Map<string, { readonly timeMs: number; readonly candles: readonly CandleView[] }[]>();
  /** The venue's visible book after each `spot.book` event, at each subscribed depth. */
  readonly bookViews = new Map<string, string[][][]>();
  readonly futuresTickers: FuturesTickerView[] = [];
  readonly off: () => void;

  constructor(
    private readonly sim: TestSim,
    private readonly depths: Readonly<Record<string, number>>,
  ) {
    for (const [id, depth] of Object.entries(depths)) this.bookViews.set(id, [this.spotView(id, depth)]);
    for (const [id, pair] of Object.entries(PAIR)) this.#lastBbo.set(id, bboOf(sim.engine.spot.ticker(pair)));
    this.off = sim.engine.on((ev) => this.record(ev));
  }

  spotView(id: string, depth: number): string[][] {
    const b = this.sim.engine.spot.depth(PAIR[id] as string, depth);
    return [b.bids.map((l) => `${l.price}@${l.qty}`), b.asks.map((l) => `${l.price}@${l.qty}`)];
  }

  futuresView(symbol: string, depth: number): string[][] {
    const b = this.sim.engine.futures.orderbook(symbol);
    return [b.bids.slice(0, depth).map((l) => `${l.price}@${l.qty}`), b.asks.slice(0, depth).map((l) => `${l.price}@${l.qty}`)];
  }

  private record(ev: SimEvent): void {
    const id = ev.type.startsWith('spot.') ? Object.keys(PAIR).find((k) => PAIR[k] === (ev as { pair: string }).pair) : undefined;
    if (ev.type === 'spot.ticker' && id !== undefined) {
      push(this.tickers, id, ev.ticker);
      const bbo = bboOf(ev.ticker);
      if (bbo !== this.#lastBbo.get(id)) push(this.bboChanges, id, { ticker: ev.ticker, afterTrade: ev.afterTrade });
      this.#lastBbo.set(id, bbo);
    }
    if (ev.type === 'spot.trade' && id !== undefined) for (const t of ev.trades) push(this.trades, id, t);
    if (ev.type === 'spot.ohlc' && id !== undefined)
      push(this.ohlc, id, { timeMs: ev.timeMs, candles: ev.candles.filter((c) => c.interval === 1) });
    if (ev.type === 'spot.book' && id !== undefined && this.depths[id] !== undefined)
      this.bookViews.get(id)?.push(this.spotView(id, this.depths[id]));
    if (ev.type === 'futures.ticker' && ev.symbol === 'PF_XBTUSD') this.futuresTickers.push(ev.ticker);
  }
}

/** A ticker's best bid/offer, sizes included: a QuoteTick's content. */
export const bboOf = (t: SpotTickerView): string => `${t.bid}|${t.bidQty}|${t.ask}|${t.askQty}`;

export interface DataRig {
  readonly node: TradingNode;
  readonly client: KrakenDataClient;
  readonly strategy: Recorder;
  readonly logs: ReturnType<typeof memorySink>;
}

/** The node config a user writes, pointed at the simulator. */
export function simDataConfig(sim: TestSim, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    productTypes: ['SPOT', 'FUTURES'],
    baseUrlHttpSpot: sim.urls.spotRest,
    baseUrlHttpFutures: sim.urls.futuresRest,
    baseUrlWsSpot: sim.urls.spotWsPublic,
    baseUrlWsFutures: sim.urls.futuresWs,
    maxRetries: 0,
    maxRequestsPerSecond: 100,
    ...extra,
  };
}

export async function startDataRig(
  sim: TestSim,
  plan: (s: Recorder) => Promise<void>,
  options: { readonly config?: Record<string, unknown>; readonly factory?: KrakenLiveDataClientFactoryOptions } = {},
): Promise<DataRig> {
  const logs = memorySink();
  const node = new TradingNode({
    dataClients: { KRAKEN: simDataConfig(sim, options.config) },
    logging: { level: 'INFO', sink: logs },
    timeoutConnectionSecs: 60,
  });
  node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env: {}, ...options.factory }));
  const strategy = new Recorder(plan);
  strategy.simNowMs = () => sim.clock.nowMs();
  node.addStrategy(strategy);
  await node.run();
  const client = node.dataEngine.registeredClients[0] as KrakenDataClient;
  return { node, client, strategy, logs };
}

/** Waits (polling, bounded) until `done()` holds; fails with `what` otherwise. */
export async function waitFor(what: string, done: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) {
      expect.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}
