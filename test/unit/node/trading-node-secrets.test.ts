import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TradingNode } from '../../../src/node/trading-node.js';

describe('TradingNode never prints client secrets', () => {
  it('masks them in inspect and JSON', () => {
    const node = new TradingNode({ execClients: { KRAKEN: { apiKey: 'CANARY-KEY', apiSecret: 'CANARY-SECRET', productTypes: ['SPOT'] } }, logging: { level: 'OFF' } });
    expect(inspect(node)).not.toMatch(/CANARY/);
    const json = JSON.stringify(node);
    expect(json).not.toMatch(/CANARY/);
    expect(json).toContain('SPOT');
  });
});
