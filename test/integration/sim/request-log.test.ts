import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { futuresPrivate, spotPrivate, spotPublic, startTestSim, type TestSim } from './helpers.js';

describe('simulator request log', () => {
  let sim: TestSim;
  beforeEach(async () => {
    sim = await startTestSim({ market: false });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('records every REST request by server, method and path, refused ones included, and nothing else', async () => {
    expect(sim.requestLog).toEqual([]);
    await spotPublic(sim, 'Time');
    await spotPrivate(sim, 'Balance');
    await futuresPrivate(sim, 'GET', '/derivatives/api/v3/accounts', {}, { badSign: true });
    await futuresPrivate(sim, 'POST', '/derivatives/api/v3/sendorder', { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '1' });
    expect(sim.requestLog.map((r) => `${r.server} ${r.method} ${r.path}`)).toEqual([
      'spot-rest GET /0/public/Time',
      'spot-rest POST /0/private/Balance',
      'futures-rest GET /derivatives/api/v3/accounts',
      'futures-rest POST /derivatives/api/v3/sendorder',
    ]);
    expect(sim.requestLog.every((r) => r.timeMs === sim.clock.nowMs())).toBe(true);
    expect(JSON.stringify(sim.requestLog)).not.toContain(sim.credentials.futures.apiKey);
  });
});
