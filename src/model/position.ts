/**
 * A netting position (one per instrument: Kraken has no hedge mode: one position per instrument, longs and shorts net).
 * The average open price is kept as an exact reduced fraction, so any number of fills never
 * drifts; `avgPxOpen` shows it as a decimal (exact when it terminates within 16 digits).
 */
import type { OrderSide, PositionSide } from './enums.js';
import { divRound, pow10 } from './fixed-point.js';
import type { AccountId, InstrumentId } from './identifiers.js';
import { Decimal, Quantity, type Price } from './values.js';
import type { FixedPoint } from './fixed-point.js';

const AVG_DIGITS = 16;

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export class Position {
  side: PositionSide = 'FLAT';
  quantity: Quantity;
  tsOpened: bigint | null = null;
  tsLast: bigint;
  accountId: AccountId | null;
  /** avg open price = avgNum / avgDen (a reduced fraction of the price's raw scale). */
  private avgNum = 0n;
  private avgDen = 1n;

  constructor(
    readonly instrumentId: InstrumentId,
    accountId: AccountId | null,
    sizePrecision: number,
    ts: bigint,
  ) {
    this.accountId = accountId;
    this.quantity = Quantity.zero(sizePrecision);
    this.tsLast = ts;
  }

  get isOpen(): boolean {
    return this.side !== 'FLAT';
  }
  /** Signed quantity: positive long, negative short. */
  get signedQty(): Decimal {
    const q = Decimal.from(this.quantity);
    return this.side === 'SHORT' ? Decimal.fromInt(0).sub(q) : q;
  }
  get avgPxOpen(): Decimal | null {
    if (this.side === 'FLAT') return null;
    return Decimal.fromRaw(divRound(this.avgNum * pow10(AVG_DIGITS), this.avgDen, 'HALF_EVEN'), AVG_DIGITS).normalized();
  }

  private setAvg(num: bigint, den: bigint): void {
    const g = gcd(num, den) || 1n;
    this.avgNum = num / g;
    this.avgDen = den / g;
  }
  private setAvgFrom(v: FixedPoint): void {
    this.setAvg(v.raw, pow10(v.precision));
  }

  /** Books a fill of `qty` at `px` on `side`. */
  applyFill(side: OrderSide, qty: Quantity, px: Price, ts: bigint): void {
    const dir: PositionSide = side === 'BUY' ? 'LONG' : 'SHORT';
    if (this.side === 'FLAT' || this.side === dir) {
      // new avg = (avg·q + px·lq) / (q + lq), as a fraction
      const q = Decimal.from(this.quantity);
      const total = this.quantity.add(qty);
      const pxDen = pow10(px.precision);
      const qScale = pow10(Math.max(q.precision, qty.precision));
      const qRaw = q.raw * (qScale / pow10(q.precision));
      const lqRaw = qty.raw * (qScale / pow10(qty.precision));
      const num = this.avgNum * pxDen * qRaw + px.raw * this.avgDen * lqRaw;
      const den = this.avgDen * pxDen * (qRaw + lqRaw);
      if (this.side === 'FLAT') {
        this.tsOpened = ts;
        this.setAvgFrom(px);
      } else {
        this.setAvg(num, den);
      }
      this.side = dir;
      this.quantity = total;
    } else if (qty.lt(this.quantity)) {
      this.quantity = this.quantity.sub(qty); // reducing keeps the average open price
    } else if (qty.equals(this.quantity)) {
      this.quantity = this.quantity.sub(qty);
      this.side = 'FLAT';
      this.tsOpened = null;
      this.setAvg(0n, 1n);
    } else {
      this.quantity = qty.sub(this.quantity); // flip: the remainder opens at this fill's price
      this.side = dir;
      this.tsOpened = ts;
      this.setAvgFrom(px);
    }
    this.tsLast = ts;
  }

  /** Overwrites the position with the venue's view (reconciliation). */
  reconcileTo(side: PositionSide, quantity: Quantity, avgPxOpen: Decimal | null, ts: bigint): void {
    if (side === 'FLAT' || quantity.isZero()) {
      this.side = 'FLAT';
      this.quantity = quantity.sub(quantity);
      this.tsOpened = null;
      this.setAvg(0n, 1n);
    } else {
      if (this.side !== side) this.tsOpened = ts;
      this.side = side;
      this.quantity = quantity;
      if (avgPxOpen !== null) this.setAvgFrom(avgPxOpen);
    }
    this.tsLast = ts;
  }

  toString(): string {
    return `Position(${this.instrumentId.toString()} ${this.side} ${this.quantity.toString()} @ ${this.avgPxOpen?.toString() ?? '-'})`;
  }
}
