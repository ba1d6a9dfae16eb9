import { afterEach, describe, expect, it, vi } from 'vitest';
import { KrakenSpotRawHttpClient, KrakenTransportError } from '../../../src/index.js';

afterEach(() => vi.unstubAllEnvs());

/** Builds a client and closes it again; the build is what the guard may refuse. */
async function expectBuilds(baseUrl: string): Promise<void> {
  let client: KrakenSpotRawHttpClient | undefined;
  expect(() => (client = new KrakenSpotRawHttpClient({ baseUrl }))).not.toThrow();
  expect(client).toBeInstanceOf(KrakenSpotRawHttpClient);
  await client?.close();
}

describe('TLS verification guard (docs/reliability.md N7)', () => {
  it('refuses to build an https client when NODE_TLS_REJECT_UNAUTHORIZED=0', () => {
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
    expect(() => new KrakenSpotRawHttpClient({ baseUrl: 'https://api.kraken.com' })).toThrow(KrakenTransportError);
  });
  it('allows it with verification on, and allows plain loopback http (the simulator)', async () => {
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', undefined);
    await expectBuilds('https://api.kraken.com');
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '1');
    await expectBuilds('https://api.kraken.com');
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
    await expectBuilds('http://127.0.0.1:1');
  });
});
