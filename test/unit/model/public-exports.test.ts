/** The model's fixed-point decimal is public as FixedDecimal, never as a bare `Decimal` that readers would take for decimal.js. */
import { describe, expect, it } from 'vitest';
import * as krakenkit from '../../../src/index.js';
import { Decimal } from '../../../src/model/values.js';

describe('public model exports', () => {
  it('exports the fixed-point class as FixedDecimal only', () => {
    expect(krakenkit.FixedDecimal).toBe(Decimal);
    expect(Object.hasOwn(krakenkit, 'Decimal')).toBe(false);
    expect(krakenkit.FixedDecimal.fromStr('0.00001').toString()).toBe('0.00001');
  });
});
