import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TradingNode } from '../../../src/node/trading-node.js';

describe('TradingNode never prints client secrets', () => {
  it('masks them in inspect and JSON', () => {
    const node = new TradingNode({
      execClients: { KRAKEN: { apiKey: 'CANARY-KEY', apiSecret: 'CANARY-SECRET', productTypes: ['SPOT'] } },
      logging: { level: 'OFF' },
    });
    expect(inspect(node)).not.toMatch(/CANARY/);
    const json = JSON.stringify(node);
    expect(json).not.toMatch(/CANARY/);
    expect(json).toContain('SPOT');
  });

  it('masks the password of a proxyUrl (string or URL object) and keeps the proxy host visible', () => {
    const node = new TradingNode({
      dataClients: {
        KRAKEN: { proxyUrl: 'http://trader:pa55-CANARY@proxy.local:3128', wsProxy: new URL('http://trader:pa55-CANARY@proxy.local:3129') },
      },
      execClients: { KRAKEN: { proxyUrl: 'http://trader:pa55-CANARY@proxy.local:notaport' } },
      logging: { level: 'OFF' },
    });
    const printed = [
      JSON.stringify(node),
      JSON.stringify(node.redactedConfig()),
      inspect(node),
      inspect(node.redactedConfig(), { depth: 10 }),
    ].join('\n');
    expect(printed).not.toMatch(/CANARY/);
    expect(printed).toContain('proxy.local:3128');
    expect(printed).toContain('proxy.local:3129');
  });
});
