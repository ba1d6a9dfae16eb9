import { afterEach, describe, expect, it } from 'vitest';
import { KrakenSpotRawHttpClient, KrakenTransportError } from '../../../src/index.js';

const saved = process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
afterEach(() => {
  if (saved === undefined) delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
  else process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = saved;
});

describe('TLS verification guard (docs/reliability.md N7)', () => {
  it('refuses to build an https client when NODE_TLS_REJECT_UNAUTHORIZED=0', () => {
    process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
    expect(() => new KrakenSpotRawHttpClient({ baseUrl: 'https://api.kraken.com' })).toThrow(KrakenTransportError);
  });
  it('allows it with verification on, and allows plain loopback http (the simulator)', async () => {
    delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
    await new KrakenSpotRawHttpClient({ baseUrl: 'https://api.kraken.com' }).close();
    process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
    await new KrakenSpotRawHttpClient({ baseUrl: 'http://127.0.0.1:1' }).close();
  });
});
