/**
 * `krakenkit stream SYMBOL [--book [--depth N]] [--trades] [--duration SECS]`: one market, live,
 * through the Kraken data client in a TradingNode (the same path a strategy's data takes). On a
 * terminal the view is redrawn in place about once a second (best bid and offer, the book's top
 * levels, the last trades, messages per second); elsewhere each trade is a line and the top of
 * book a line every second.
 */
import { TradingNode } from '../node/trading-node.js';
import { Strategy } from '../node/strategy.js';
import type { InstrumentId } from '../model/identifiers.js';
import type { QuoteTick, TradeTick } from '../model/market-data.js';
import type { OrderBookDeltas } from '../model/order-book.js';
import { KrakenLiveDataClientFactory } from '../adapter/data/factory.js';
import { loadCatalog, resolveInstrument } from './catalog.js';
import { CliUsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { stopWhen } from './stop-signal.js';
import type { CliVenue } from './venue.js';

export interface StreamOptions {
  readonly book?: boolean;
  readonly depth?: number;
  readonly trades?: boolean;
  readonly durationSecs?: number;
  readonly signal?: AbortSignal;
}

export interface StreamStats {
  quotes: number;
  trades: number;
  bookUpdates: number;
  lastQuote: QuoteTick | null;
  lastTrades: TradeTick[];
}

/** Subscribes and counts; the command draws from what it holds. */
class MarketWatch extends Strategy {
  readonly stats: StreamStats = { quotes: 0, trades: 0, bookUpdates: 0, lastQuote: null, lastTrades: [] };
  constructor(
    private readonly instrumentId: InstrumentId,
    private readonly options: StreamOptions,
    private readonly onTrade: (t: TradeTick) => void,
  ) {
    super({ strategyId: 'MarketWatch-001' });
  }
  override async onStart(): Promise<void> {
    await this.subscribeQuoteTicks(this.instrumentId);
    if (this.options.trades !== false) await this.subscribeTradeTicks(this.instrumentId);
    if (this.options.book === true) await this.subscribeOrderBookDeltas(this.instrumentId, { depth: this.options.depth ?? 10 });
  }
  override onQuoteTick(tick: QuoteTick): void {
    this.stats.quotes++;
    this.stats.lastQuote = tick;
  }
  override onTradeTick(tick: TradeTick): void {
    this.stats.trades++;
    this.stats.lastTrades = [tick, ...this.stats.lastTrades].slice(0, 10);
    this.onTrade(tick);
  }
  override onOrderBookDeltas(_deltas: OrderBookDeltas): void {
    this.stats.bookUpdates++;
  }
  bookLines(depth: number): string[] {
    const book = this.cache.orderBook(this.instrumentId);
    const bids = book.bids(depth);
    const asks = book.asks(depth);
    const lines = [`${'BID SIZE'.padStart(16)} ${'BID'.padStart(14)} | ${'ASK'.padEnd(14)} ${'ASK SIZE'}`];
    for (let i = 0; i < Math.max(bids.length, asks.length); i++) {
      const b = bids[i];
      const a = asks[i];
      lines.push(
        `${(b?.size.toString() ?? '').padStart(16)} ${(b?.price.toString() ?? '').padStart(14)} | ${(a?.price.toString() ?? '').padEnd(14)} ${a?.size.toString() ?? ''}`,
      );
    }
    return lines;
  }
}

function topLine(s: StreamStats): string {
  const q = s.lastQuote;
  return q === null
    ? 'waiting for the first quote'
    : `bid ${q.bidPrice.toString()} x ${q.bidSize.toString()} | ask ${q.askPrice.toString()} x ${q.askSize.toString()}`;
}

export async function runStreamCommand(venue: CliVenue, symbol: string, options: StreamOptions, io: CliIo): Promise<StreamStats> {
  if (options.depth !== undefined && options.book !== true) throw new CliUsageError('--depth needs --book');
  const catalog = await loadCatalog(venue);
  const entry = resolveInstrument(catalog, symbol);
  const id = entry.instrument.id;
  const node = new TradingNode({
    dataClients: { KRAKEN: { ...venue.config, productTypes: [entry.product === 'spot' ? 'SPOT' : 'FUTURES'] } },
    logging: { level: 'ERROR' },
  });
  node.addDataClientFactory('KRAKEN', new KrakenLiveDataClientFactory({ env: venue.env }));
  const plain = io.tty === undefined;
  const watch = new MarketWatch(id, options, (t) => {
    if (plain && options.trades !== false)
      io.out(`trade ${id.toString()} ${t.aggressorSide} ${t.size.toString()} @ ${t.price.toString()} (${t.tradeId.toString()})`);
  });
  node.addStrategy(watch);
  const stop = stopWhen({
    ...(options.durationSecs === undefined ? {} : { durationSecs: options.durationSecs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  let lastCount = 0;
  const draw = () => {
    const s = watch.stats;
    const count = s.quotes + s.trades + s.bookUpdates;
    const rate = count - lastCount;
    lastCount = count;
    if (plain) {
      io.out(`quote ${id.toString()} ${topLine(s)} | ${rate} msgs/s`);
      return;
    }
    const lines = [
      `${id.toString()} on ${venue.name}  ${new Date().toISOString()}  ${rate} msgs/s  (Ctrl-C to stop)`,
      topLine(s),
      ...(options.book === true ? ['', ...watch.bookLines(options.depth ?? 10)] : []),
      ...(options.trades !== false
        ? ['', 'last trades:', ...s.lastTrades.map((t) => `  ${t.aggressorSide.padEnd(4)} ${t.size.toString()} @ ${t.price.toString()}`)]
        : []),
    ];
    io.tty.write(`\x1b[H\x1b[2J${lines.join('\n')}\n`);
  };
  try {
    await node.run();
    io.err(`streaming ${id.toString()} from ${venue.name}`);
    const timer = setInterval(draw, 1000);
    try {
      await stop.stopped;
    } finally {
      clearInterval(timer);
    }
    return watch.stats;
  } finally {
    stop.dispose();
    await node.stop();
    const s = watch.stats;
    io.err(`stopped: ${s.quotes} quotes, ${s.trades} trades, ${s.bookUpdates} book updates`);
  }
}
