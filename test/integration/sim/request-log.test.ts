import WebSocket from 'ws';
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

  it('records each Spot WS trading request by method name, refused ones included, and no subscription or token', async () => {
    const token = (await spotPrivate(sim, 'GetWebSocketsToken')).result.token as string;
    const ws = new WebSocket(sim.urls.spotWsAuth);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const answers: string[] = [];
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { method?: string };
      if (frame.method !== undefined) answers.push(frame.method);
    });
    const from = sim.requestLog.length;
    ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'executions', token } }));
    ws.send(JSON.stringify({ method: 'cancel_order', params: { cl_ord_id: ['nope'], token } }));
    ws.send(
      JSON.stringify({ method: 'add_order', params: { symbol: 'BTC/USD', side: 'buy', order_type: 'market', order_qty: 1, token: 'bad' } }),
    );
    const deadline = Date.now() + 10_000;
    while (answers.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    ws.close();
    expect(sim.requestLog.slice(from).map((r) => `${r.server} ${r.method} ${r.path}`)).toEqual([
      'spot-ws WS cancel_order',
      'spot-ws WS add_order',
    ]);
    expect(JSON.stringify(sim.requestLog)).not.toContain(token);
  });
});
