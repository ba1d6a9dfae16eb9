/**
 * KrakenUnifiedWsClient ↔ simulator over real sockets: the private channels (executions,
 * balances, margin, positions) and every trading method, on the same venue as the legacy
 * Derivatives REST.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KrakenApiError, KrakenOrderRejectedError, KrakenStateError } from '../../../../src/core/errors.js';
import { assertNoInternalErrors } from '../helpers.js';
import { privateClient, startTestSim, type TestSim } from './helpers.js';

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(async () => {
  assertNoInternalErrors(sim);
  await sim.close();
});

const SYMBOL = 'PF_XBTUSD';
/** A buy price well below the market: it rests. */
const restingBid = () => String(Math.floor(Number(sim.engine.futures.orderbook(SYMBOL).bids[0]!.price) * 0.9));

describe('Unified WS private channels and trading against the simulator', () => {
  it('add_order → amend_order → cancel_order: acks, and executions new / amended / canceled once each, decimals exact', async () => {
    const { client, rec } = await privateClient(sim);
    try {
      await client.subscribe('executions', { snap_orders: true });
      await rec.next((m) => m.channel === 'executions' && m.type === 'snapshot');
      const price = restingBid();
      const placed = await client.request('add_order', {
        order_type: 'limit',
        side: 'buy',
        symbol: SYMBOL,
        order_qty: '0.0100',
        limit_price: price,
        cl_ord_id: 'c0ffee00-0000-4000-8000-000000000001',
      });
      const orderId = placed.result!.order_id;
      expect(orderId).toMatch(/^[0-9a-f-]{36}$/); // derivatives order ids are UUIDs
      await rec.next((m) => m.channel === 'executions' && m.data.some((r: any) => r.order_id === orderId && r.exec_type === 'new'));
      const amended = await client.request('amend_order', {
        order_id: orderId,
        order_qty: '0.0200',
        limit_price: String(Number(price) - 1),
      });
      expect(amended.result).toMatchObject({ amend_id: '', order_id: orderId });
      await rec.next((m) => m.channel === 'executions' && m.data.some((r: any) => r.order_id === orderId && r.exec_type === 'amended'));
      const cancelled = await client.request('cancel_order', { order_id: [orderId] });
      expect(cancelled.map((a) => a.success)).toEqual([true]);
      await rec.next((m) => m.channel === 'executions' && m.data.some((r: any) => r.order_id === orderId && r.exec_type === 'canceled'));
      const reports = rec.executionsOf(orderId);
      expect(reports.map((r) => r.exec_type)).toEqual(['new', 'amended', 'canceled']);
      // The decimal text goes out digit for digit and comes back the same: 0.0100, not 0.01.
      expect(reports[0]).toMatchObject({
        order_qty: '0.0100',
        limit_price: price,
        order_status: 'new',
        cl_ord_id: 'c0ffee00-0000-4000-8000-000000000001',
      });
      expect(reports[1]).toMatchObject({ order_qty: '0.0200', order_status: 'new', amended: true });
      expect(reports[2].order_status).toBe('canceled');
      // An unknown order is refused with a typed error.
      await expect(client.request('amend_order', { order_id: orderId, limit_price: price })).rejects.toBeInstanceOf(
        KrakenOrderRejectedError,
      );
    } finally {
      await client.close();
    }
  });

  it('a fill: executions trade, then positions, margin and balances updates; the snapshots agree with the venue', async () => {
    const { client, rec } = await privateClient(sim);
    const acc = sim.accounts[0]!.id;
    try {
      await client.subscribe('executions', { snap_orders: false });
      await client.subscribe('positions', {});
      await client.subscribe('margin', {});
      await client.subscribe('balances', {});
      const posSnap = await rec.next((m) => m.channel === 'positions' && m.type === 'snapshot');
      expect(posSnap.data.futures.map((p: any) => p.symbol).sort()).toEqual(
        sim.engine.futures
          .openPositions(acc)
          .map((p) => p.symbol)
          .sort(),
      );
      const multi = await rec.next((m) => m.channel === 'margin' && m.type === 'multi_collateral');
      expect(multi.data[0].portfolio_value).toBe(sim.engine.futures.accounts(acc).flex.portfolioValue);
      await rec.next((m) => m.channel === 'margin' && m.type === 'single_collateral');
      await rec.next((m) => m.channel === 'balances' && m.type === 'snapshot');
      const before = rec.frames.length;
      const bought = await client.request('add_order', { order_type: 'market', side: 'buy', symbol: SYMBOL, order_qty: '0.0030' });
      const orderId = bought.result!.order_id;
      const trade = await rec.next(
        (m) => m.channel === 'executions' && m.data.some((r: any) => r.order_id === orderId && r.exec_type === 'trade'),
      );
      const fill = trade.data.find((r: any) => r.exec_type === 'trade');
      expect(fill).toMatchObject({ side: 'buy', liquidity_ind: 't' });
      const after = rec.frames.slice(before);
      const filledQty = after
        .flatMap((m) => (m.channel === 'executions' ? m.data : []))
        .filter((r: any) => r.exec_type === 'trade')
        .map((r: any) => Number(r.last_qty));
      expect(filledQty.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(0.003, 10);
      const pos = await rec.next((m) => rec.frames.indexOf(m) >= before && m.channel === 'positions' && m.type === 'update');
      const venuePos = sim.engine.futures.openPositions(acc).find((p) => p.symbol === SYMBOL)!;
      expect(pos.data.futures.find((p: any) => p.symbol === SYMBOL)).toMatchObject({
        size: venuePos.signedSize,
        entry_price: venuePos.price,
      });
      await rec.next((m) => rec.frames.indexOf(m) >= before && m.channel === 'margin' && m.type === 'multi_collateral');
      const bal = await rec.next((m) => rec.frames.indexOf(m) >= before && m.channel === 'balances' && m.type === 'update');
      expect(bal.data[0].ledger_id).toBeTruthy();
      // Close the position: the update carries size 0.
      await client.request('add_order', {
        order_type: 'market',
        side: 'sell',
        symbol: SYMBOL,
        order_qty: venuePos.signedSize,
        reduce_only: true,
      });
      const closed = await rec.next(
        (m) =>
          m.channel === 'positions' && m.type === 'update' && m.data.futures.some((p: any) => p.symbol === SYMBOL && Number(p.size) === 0),
      );
      expect(closed.data.options).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('batch_add (one symbol), batch_cancel, cancel_all, cancel_all_orders_after: answers and venue state', async () => {
    const { client } = await privateClient(sim);
    const acc = sim.accounts[0]!.id;
    try {
      const p = restingBid();
      const batch = await client.request('batch_add', {
        symbol: SYMBOL,
        orders: [
          { order_type: 'limit', side: 'buy', order_qty: '0.001', limit_price: p },
          { order_type: 'limit', side: 'buy', order_qty: '0.002', limit_price: String(Number(p) - 1) },
          { order_type: 'limit', side: 'buy', order_qty: '0.003', limit_price: String(Number(p) - 2) },
        ],
      });
      expect(batch.success).toBe(true);
      const ids = batch.result!.map((r) => r.order_id!);
      expect(sim.engine.futures.openOrders(acc).map((o) => o.orderId)).toEqual(expect.arrayContaining(ids));
      const bc = await client.request('batch_cancel', { orders: [ids[0]!, ids[1]!] });
      expect(bc.result!.count).toBe(2);
      const ca = await client.request('cancel_all', {});
      expect(ca.result!.count).toBeGreaterThanOrEqual(1);
      expect(sim.engine.futures.openOrders(acc)).toEqual([]);
      const armed = await client.request('cancel_all_orders_after', { timeout: 60 });
      expect(armed.result!.triggerTime).not.toBe('0');
      const disarmed = await client.request('cancel_all_orders_after', { timeout: 0 });
      expect(disarmed.result!.triggerTime).toBe('0');
      // A batch of one is refused by the client's own encoder before anything is sent (Kraken takes 2 to 15).
      await expect(
        client.request('batch_add', { symbol: SYMBOL, orders: [{ order_type: 'market', side: 'buy', order_qty: '1' }] }),
      ).rejects.toThrow();
    } finally {
      await client.close();
    }
  });

  it('one margin and one positions subscription per connection: the client refuses a second with other options, the venue a second subscribe', async () => {
    const { client } = await privateClient(sim);
    try {
      await client.subscribe('positions', {});
      await expect(client.subscribe('positions', { with_margin: true })).rejects.toBeInstanceOf(KrakenStateError);
      await client.subscribe('margin', {});
      expect(await client.subscribe('margin', {})).toEqual([]); // the same subscription: nothing to send
      await client.unsubscribe('margin', {});
      // The client's generated encoder refuses `snapshot` on margin (Kraken refuses it too; the venue side is tested with a raw socket).
      await expect(client.subscribe('margin', { snapshot: true } as never)).rejects.toThrow(/SubscribeRequest/);
      expect(client.toJSON()['subscriptions']).toEqual([{ channel: 'positions', options: { asset_class: 'derivatives' }, symbols: null }]); // the refusal is not kept for replay
      await expect(client.subscribe('executions', { asset_class: 'spot' })).rejects.toBeInstanceOf(KrakenApiError);
    } finally {
      await client.close();
    }
  });
});

describe('Unified WS amend_order quantity', () => {
  it('order_qty is the order’s new total, fills included; below the filled quantity the rest is cancelled (as Kraken documents)', async () => {
    const own = await startTestSim({ market: false, accounts: [{ id: 'trader' }, { id: 'other' }] });
    const { client, rec } = await privateClient(own);
    try {
      await client.subscribe('executions', {});
      const placed = await client.request('add_order', {
        order_type: 'limit',
        side: 'buy',
        symbol: SYMBOL,
        order_qty: '0.0100',
        limit_price: '50000',
      });
      const orderId = placed.result!.order_id;
      own.engine.futures.sendOrder('other', { orderType: 'mkt', symbol: SYMBOL, side: 'sell', size: '0.0040' });
      await rec.next((m) => m.channel === 'executions' && m.data.some((r: any) => r.order_id === orderId && r.exec_type === 'trade'));

      await client.request('amend_order', { order_id: orderId, order_qty: '0.0060' });
      const open = own.engine.futures.openOrders('trader');
      expect(open.map((o) => [Number(o.size), Number(o.filled)])).toEqual([[0.006, 0.004]]);

      await client.request('amend_order', { order_id: orderId, order_qty: '0.0030' });
      expect(own.engine.futures.openOrders('trader')).toEqual([]);
      await rec.next((m) => m.channel === 'executions' && m.data.some((r: any) => r.order_id === orderId && r.exec_type === 'canceled'));
      expect(own.requestLog.filter((r) => r.server === 'unified-ws').map((r) => `${r.method} ${r.path}`)).toEqual([
        'WS add_order',
        'WS amend_order',
        'WS amend_order',
      ]);
    } finally {
      await client.close();
      await own.close();
    }
  });
});
