/**
 * Conditional close placement (spot-close.ts): a close the venue refuses (funds moved, minimum
 * not met) is dropped as on Kraken, but an engine bug must surface, not vanish in a `catch {}`.
 */
import { describe, expect, it } from 'vitest';
import { SimVenueError } from '../../../src/sim/engine/errors.js';
import { Decimal } from '../../../src/sim/engine/decimal.js';
import { placeConditionalClose } from '../../../src/sim/engine/spot/close.js';
import type { SpotAccount, SpotOrder } from '../../../src/sim/engine/spot/model.js';
import type { SpotCore } from '../../../src/sim/engine/spot/core.js';

const parent = {
  txid: 'OPARENT',
  side: 'buy',
  pair: { id: 'XXBTZUSD', lotDecimals: 8, pairDecimals: 1 },
  volExec: new Decimal('0.01'),
  leverage: null,
  trigger: 'last',
  close: { orderType: 'limit', price: { kind: 'absolute', value: '40000.0' } },
} as unknown as SpotOrder;

const coreThrowing = (e: unknown) =>
  ({
    validationMarket() {
      throw e;
    },
  }) as unknown as SpotCore;

describe('placeConditionalClose', () => {
  it('drops a close the venue rejects (SimVenueError)', () => {
    expect(() =>
      placeConditionalClose(coreThrowing(new SimVenueError('EOrder:Insufficient funds')), {} as SpotAccount, parent),
    ).not.toThrow();
  });

  it('rethrows anything else (an engine bug)', () => {
    expect(() => placeConditionalClose(coreThrowing(new TypeError('bug')), {} as SpotAccount, parent)).toThrow(TypeError);
  });
});
