/**
 * A fake venue for node tests: a data client that records subscriptions and an execution client
 * that answers commands from a script and serves reports from its own ledger. Not a simulator of
 * Kraken: just enough to drive the engines through real code paths.
 */
import { KrakenOrderRejectedError, KrakenTransportError } from '../../../src/core/errors.js';
import { AccountId, ClientId, InstrumentId, Symbol, TradeId, Venue, VenueOrderId } from '../../../src/model/identifiers.js';
import { CurrencyPair } from '../../../src/model/instruments.js';
import { Currency, Money } from '../../../src/model/money.js';
import { OrderAccepted, OrderCanceled, OrderFilled } from '../../../src/model/order-events.js';
import type { Order } from '../../../src/model/order.js';
import { ExecutionMassStatus, type FillReport, type OrderStatusReport, type PositionStatusReport } from '../../../src/model/reports.js';
import { Price, Quantity } from '../../../src/model/values.js';
import type {
  DataClientContext,
  ExecClientContext,
  LiveDataClient,
  LiveDataClientFactory,
  LiveExecClientFactory,
  LiveExecutionClient,
  OrderStatusQuery,
  ReportQuery,
} from '../../../src/node/clients.js';
import type { CancelAllOrders, CancelOrder, ModifyOrder, SubmitOrder, SubmitOrderList, SupportResult } from '../../../src/node/commands.js';
import type { BarType } from '../../../src/model/bar.js';
import type { AccountType } from '../../../src/model/enums.js';

export const VENUE = new Venue('KRAKEN');
export const BTCUSD = InstrumentId.fromStr('BTC/USD.KRAKEN');

export function btcUsd(extra: Partial<ConstructorParameters<typeof CurrencyPair>[0]> = {}): CurrencyPair {
  return new CurrencyPair({
    id: BTCUSD,
    rawSymbol: new Symbol('XBTUSD'),
    baseCurrency: Currency.from('BTC'),
    quoteCurrency: Currency.from('USD'),
    pricePrecision: 1,
    sizePrecision: 8,
    priceIncrement: Price.fromStr('0.1'),
    sizeIncrement: Quantity.fromStr('0.00000001'),
    minQuantity: Quantity.fromStr('0.0001'),
    minNotional: Money.fromStr('0.50 USD'),
    leverageBuy: [2, 3, 4, 5],
    leverageSell: [2, 3],
    tsEvent: 0n,
    tsInit: 0n,
    ...extra,
  });
}

export class FakeDataClient implements LiveDataClient {
  readonly clientId = new ClientId('KRAKEN');
  readonly venue = VENUE;
  isConnected = false;
  readonly calls: string[] = [];
  constructor(readonly ctx: DataClientContext) {}
  async connect(): Promise<void> {
    this.isConnected = true;
    this.ctx.handler.handleInstrument(btcUsd());
  }
  async disconnect(): Promise<void> {
    this.isConnected = false;
  }
  async subscribeQuoteTicks(id: InstrumentId): Promise<void> {
    this.calls.push(`quotes:${id.toString()}`);
  }
  async unsubscribeQuoteTicks(id: InstrumentId): Promise<void> {
    this.calls.push(`-quotes:${id.toString()}`);
  }
  async subscribeTradeTicks(id: InstrumentId): Promise<void> {
    this.calls.push(`trades:${id.toString()}`);
  }
  async unsubscribeTradeTicks(id: InstrumentId): Promise<void> {
    this.calls.push(`-trades:${id.toString()}`);
  }
  async subscribeBars(bt: BarType): Promise<void> {
    this.calls.push(`bars:${bt.toString()}`);
  }
}

/** 'fill' fills MARKET orders at once; other types rest as accepted. */
export type SubmitBehaviour = 'accept' | 'fill' | 'reject' | 'timeout' | 'silent';

/** The venue's own record of an order. */
export interface VenueOrder {
  order: Order;
  venueOrderId: VenueOrderId;
  status: 'ACCEPTED' | 'CANCELED' | 'FILLED';
}

export class FakeExecClient implements LiveExecutionClient {
  readonly clientId = new ClientId('KRAKEN');
  readonly venue = VENUE;
  readonly accountId = new AccountId('KRAKEN-001');
  accountType: AccountType = 'MARGIN';
  isConnected = false;
  behaviour: SubmitBehaviour = 'accept';
  fillPrice = Price.fromStr('100.0');
  readonly commands: string[] = [];
  readonly venueOrders = new Map<string, VenueOrder>();
  mass: ExecutionMassStatus | null = null;
  orderReports: OrderStatusReport[] = [];
  fillReports: FillReport[] = [];
  positionReports: PositionStatusReport[] = [];
  unsupported: string | null = null;
  listsPositions?: (id: InstrumentId) => boolean;
  private seq = 0;

  constructor(readonly ctx: ExecClientContext) {}

  async connect(): Promise<void> {
    this.isConnected = true;
  }
  async disconnect(): Promise<void> {
    this.isConnected = false;
  }
  supports(order: Order): SupportResult {
    return this.unsupported !== null && order.orderType === this.unsupported
      ? { ok: false, reason: `${order.orderType} is not supported` }
      : { ok: true };
  }

  private base(order: Order, venueOrderId: VenueOrderId) {
    const ts = this.ctx.clock.timestampNs();
    return {
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      venueOrderId,
      accountId: this.accountId,
      tsEvent: ts,
      tsInit: ts,
    };
  }

  fill(order: Order, venueOrderId: VenueOrderId, qty: Quantity, tradeId = `T-${++this.seq}`): OrderFilled {
    return new OrderFilled({
      ...this.base(order, venueOrderId),
      tradeId: new TradeId(tradeId),
      orderSide: order.side,
      orderType: order.orderType,
      lastQty: qty,
      lastPx: order.price ?? this.fillPrice,
      currency: Currency.from('USD'),
      commission: Money.fromStr('0.01 USD'),
      liquiditySide: 'TAKER',
    });
  }

  async submitOrder(command: SubmitOrder): Promise<void> {
    this.commands.push(`submit:${command.order.clientOrderId.value}:${JSON.stringify(command.params)}`);
    const order = command.order;
    if (this.behaviour === 'timeout') throw new KrakenTransportError('request timed out', 'timeout');
    if (this.behaviour === 'reject') throw new KrakenOrderRejectedError(['EOrder:Insufficient funds']);
    const venueOrderId = new VenueOrderId(`V-${++this.seq}`);
    const record: VenueOrder = { order, venueOrderId, status: 'ACCEPTED' };
    this.venueOrders.set(order.clientOrderId.value, record);
    if (this.behaviour === 'silent') return; // accepted at the venue, but the ack is lost
    this.ctx.handler.handleEvent(new OrderAccepted(this.base(order, venueOrderId)));
    if (this.behaviour === 'fill' && order.orderType === 'MARKET') {
      record.status = 'FILLED';
      this.ctx.handler.handleEvent(this.fill(order, venueOrderId, order.quantity));
    }
  }
  async submitOrderList(command: SubmitOrderList): Promise<void> {
    for (const order of command.orders) await this.submitOrder({ ...command, kind: 'SubmitOrder', order });
  }
  async modifyOrder(command: ModifyOrder): Promise<void> {
    this.commands.push(`modify:${command.clientOrderId.value}`);
  }
  async cancelOrder(command: CancelOrder): Promise<void> {
    this.commands.push(`cancel:${command.clientOrderId.value}`);
    const rec = this.venueOrders.get(command.clientOrderId.value);
    if (rec === undefined) throw new KrakenOrderRejectedError(['EOrder:Unknown order']);
    rec.status = 'CANCELED';
    this.ctx.handler.handleEvent(new OrderCanceled(this.base(rec.order, rec.venueOrderId)));
  }
  async cancelAllOrders(command: CancelAllOrders): Promise<void> {
    this.commands.push(`cancelAll:${command.instrumentId.toString()}:${command.orders.length}`);
    for (const o of command.orders)
      await this.cancelOrder({ ...command, kind: 'CancelOrder', order: o, clientOrderId: o.clientOrderId, venueOrderId: o.venueOrderId });
  }

  async generateOrderStatusReport(query: OrderStatusQuery): Promise<OrderStatusReport | null> {
    this.commands.push('report');
    return (
      this.orderReports.find(
        (r) =>
          (query.clientOrderId != null && r.clientOrderId?.equals(query.clientOrderId)) ||
          (query.venueOrderId != null && r.venueOrderId.equals(query.venueOrderId)),
      ) ?? null
    );
  }
  async generateOrderStatusReports(query: ReportQuery): Promise<OrderStatusReport[]> {
    this.commands.push('reports');
    return query.openOnly === true
      ? this.orderReports.filter(
          (r) => r.orderStatus === 'ACCEPTED' || r.orderStatus === 'PARTIALLY_FILLED' || r.orderStatus === 'TRIGGERED',
        )
      : this.orderReports;
  }
  async generateFillReports(query: ReportQuery): Promise<FillReport[]> {
    return this.fillReports.filter((f) => query.venueOrderId == null || f.venueOrderId.equals(query.venueOrderId));
  }
  async generatePositionStatusReports(): Promise<PositionStatusReport[]> {
    this.commands.push('positions');
    return this.positionReports;
  }
  async generateMassStatus(): Promise<ExecutionMassStatus | null> {
    if (this.mass !== null) return this.mass;
    const m = new ExecutionMassStatus(this.clientId, this.accountId, this.venue, this.ctx.clock.timestampNs());
    m.addOrderReports(this.orderReports);
    m.addFillReports(this.fillReports);
    m.addPositionReports(this.positionReports);
    return m;
  }
}

/** Factories that keep the instances they create, so tests can reach them. */
export function fakeFactories(): {
  data: LiveDataClientFactory<unknown> & { last: FakeDataClient | null };
  exec: LiveExecClientFactory<unknown> & { last: FakeExecClient | null; setup?: (c: FakeExecClient) => void };
} {
  const data = {
    last: null as FakeDataClient | null,
    create(_name: string, _config: unknown, ctx: DataClientContext) {
      data.last = new FakeDataClient(ctx);
      return data.last;
    },
  };
  const exec = {
    last: null as FakeExecClient | null,
    setup: undefined as ((c: FakeExecClient) => void) | undefined,
    create(_name: string, _config: unknown, ctx: ExecClientContext) {
      exec.last = new FakeExecClient(ctx);
      exec.setup?.(exec.last);
      return exec.last;
    },
  };
  return { data, exec };
}
