import { describe, expect, it } from 'vitest';
import { InstrumentId } from '../../../src/model/identifiers.js';
import { BookOrder, OrderBook, OrderBookDelta, OrderBookDeltas } from '../../../src/model/order-book.js';
import { Position } from '../../../src/model/position.js';
import { Price, Quantity } from '../../../src/model/values.js';

const ID = InstrumentId.fromStr('BTC/USD.KRAKEN');
const delta = (action: 'ADD' | 'UPDATE' | 'DELETE', side: 'BID' | 'ASK', px: string, sz: string, seq: bigint) =>
  new OrderBookDelta(ID, action, new BookOrder(side, Price.fromStr(px), Quantity.fromStr(sz)), 0, seq, seq, seq);

describe('OrderBook (L2)', () => {
  it('keeps levels sorted, merges equal prices of any precision, removes zero-size levels', () => {
    const book = new OrderBook(ID);
    book.applyDeltas(
      new OrderBookDeltas(ID, [
        OrderBookDelta.clear(ID, 1n, 1n, 1n),
        delta('ADD', 'BID', '100.0', '1', 2n),
        delta('ADD', 'BID', '101.5', '2', 3n),
        delta('ADD', 'BID', '99.9', '3', 4n),
        delta('ADD', 'ASK', '102.0', '1', 5n),
        delta('ADD', 'ASK', '101.9', '4', 6n),
      ]),
    );
    expect(book.bestBidPrice()?.toString()).toBe('101.5');
    expect(book.bestAskPrice()?.toString()).toBe('101.9');
    expect(book.spread()?.toString()).toBe('0.4');
    book.applyDelta(delta('UPDATE', 'BID', '101.50', '5', 7n));
    expect(book.bidLevels).toBe(3);
    expect(book.bestBidSize()?.toString()).toBe('5');
    book.applyDelta(delta('UPDATE', 'BID', '101.5', '0', 8n));
    expect(book.bestBidPrice()?.toString()).toBe('100.0');
    book.applyDelta(delta('DELETE', 'ASK', '101.9', '0', 9n));
    expect(book.bestAskPrice()?.toString()).toBe('102.0');
    expect(book.bids().map((l) => l.price.toString())).toEqual(['100.0', '99.9']);
    expect(book.sequence).toBe(9n);
    expect(book.isCrossed()).toBe(false);
  });
});

describe('Position (netting)', () => {
  it('averages exactly, reduces without changing the average, flips at the fill price', () => {
    const p = new Position(ID, null, 8, 0n);
    p.applyFill('BUY', Quantity.fromStr('1'), Price.fromStr('100.00'), 1n);
    p.applyFill('BUY', Quantity.fromStr('2'), Price.fromStr('101.00'), 2n);
    expect(p.side).toBe('LONG');
    expect(p.avgPxOpen?.toString()).toBe('100.6666666666666667');
    p.applyFill('SELL', Quantity.fromStr('1.5'), Price.fromStr('110.00'), 3n);
    expect(p.quantity.toString()).toBe('1.50000000');
    expect(p.avgPxOpen?.toString()).toBe('100.6666666666666667');
    p.applyFill('SELL', Quantity.fromStr('2'), Price.fromStr('90.00'), 4n);
    expect(p.side).toBe('SHORT');
    expect(p.quantity.toString()).toBe('0.50000000');
    expect(p.avgPxOpen?.toString()).toBe('90');
    expect(p.signedQty.toString()).toBe('-0.50000000');
    p.applyFill('BUY', Quantity.fromStr('0.5'), Price.fromStr('80.00'), 5n);
    expect(p.side).toBe('FLAT');
    expect(p.avgPxOpen).toBeNull();
  });

  it('an average over many fills stays exact', () => {
    const p = new Position(ID, null, 8, 0n);
    for (let i = 0; i < 300; i++) p.applyFill('BUY', Quantity.fromStr('0.1'), Price.fromStr(i % 2 === 0 ? '100.1' : '100.3'), BigInt(i));
    expect(p.avgPxOpen?.toString()).toBe('100.2');
    expect(p.quantity.toString()).toBe('30.00000000');
  });
});
