/**
 * Nonces across restarts and processes, against the simulator (which checks nonces exactly as
 * Kraken does) and a loopback server; every state file lives in a temp directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { KrakenKeyInUseError, KrakenNonceBreakerError, KrakenNonceError } from '../../../src/core/errors.js';
import { KrakenFuturesRawHttpClient } from '../../../src/kraken/futures/http/raw-client.js';
import { KrakenSpotRawHttpClient } from '../../../src/kraken/spot/http/raw-client.js';
import { releaseKeyChannel } from '../../../src/transport/nonce.js';
import { keyFileStem } from '../../../src/transport/nonce-store.js';
import { startKrakenSim, type KrakenSim } from '../../../src/sim/start.js';
import { json, startLoopback } from '../../helpers/loopback-http.js';

const SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
const T0 = Date.UTC(2026, 0, 5, 12);
let sim: KrakenSim;
let stateDir: string;

beforeAll(async () => {
  sim = await startKrakenSim({
    clock: new ManualClock(T0),
    seed: 4103,
    market: false,
    accounts: [{ id: 'demo', tier: 'starter' }, { id: 'locked' }],
  });
});
afterAll(async () => {
  expect(sim.internalErrors).toEqual([]);
  await sim.close();
});
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'krakenkit-nonce-it-'));
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

function spotClient(account: string, extra: Partial<ConstructorParameters<typeof KrakenSpotRawHttpClient>[0]>) {
  const { apiKey, apiSecret } = sim.accounts.find((a) => a.id === account)!.spot;
  return new KrakenSpotRawHttpClient({
    baseUrl: sim.urls.spotRest,
    apiKey,
    apiSecret,
    retryDelayInitialMs: 1,
    retryDelayMaxMs: 2,
    ...extra,
  });
}

describe('a restart with the clock set back 5 s', () => {
  it('the first private call succeeds with the persisted nonce; without it, the venue refuses', async () => {
    const { apiKey } = sim.accounts[0]!.spot;
    const before = spotClient('demo', { clock: new ManualClock(T0 + 60_000), nonceStateDir: stateDir });
    await before.balance();
    await before.close();
    const file = join(stateDir, `${keyFileStem('spot', apiKey)}.nonce`);
    const persisted = BigInt(readFileSync(file, 'utf8').trim());
    releaseKeyChannel('spot', apiKey); // the process "stops"

    // Control: the same restart with nonces in memory only goes backwards and is refused (twice: re-signed once).
    const forgetful = spotClient('demo', { clock: new ManualClock(T0 + 55_000), nonceStateDir: false });
    await expect(forgetful.balance()).rejects.toBeInstanceOf(KrakenNonceError);
    await forgetful.close();
    releaseKeyChannel('spot', apiKey);

    const after = spotClient('demo', { clock: new ManualClock(T0 + 55_000), nonceStateDir: stateDir });
    await expect(after.balance()).resolves.toBeDefined();
    expect(BigInt(readFileSync(file, 'utf8').trim())).toBe(persisted + 1n);
    await after.close();
    releaseKeyChannel('spot', apiKey);
  });
});

describe('two processes on one key', () => {
  const root = resolve(import.meta.dirname, '../../..');
  let child: ChildProcess | undefined;

  afterEach(() => {
    child?.kill('SIGKILL');
    child = undefined;
  });

  it('the second refuses to start, naming the first; once the first is gone its lock is taken over', async () => {
    const { apiKey, apiSecret } = sim.accounts.find((a) => a.id === 'locked')!.spot;
    const script = `import('./src/kraken/spot/http/raw-client.ts').then((m) => {
      new m.KrakenSpotRawHttpClient({ baseUrl: process.env.SIM_URL, apiKey: process.env.KEY, apiSecret: process.env.SECRET, nonceStateDir: process.env.STATE_DIR });
      process.stdout.write('signing\\n');
      setInterval(() => {}, 1000);
    })`;
    try {
      child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
        cwd: root,
        env: { ...process.env, SIM_URL: sim.urls.spotRest, KEY: apiKey, SECRET: apiSecret, STATE_DIR: stateDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const running = child;
      await new Promise<void>((ready, fail) => {
        let err = '';
        running.stdout!.on('data', (d: Buffer) => d.toString().includes('signing') && ready());
        running.stderr!.on('data', (d: Buffer) => (err += d.toString()));
        running.once('exit', (code) => fail(new Error(`child exited (${code}) before signing: ${err}`)));
      });
      const refused = (() => {
        try {
          spotClient('locked', { nonceStateDir: stateDir });
        } catch (e) {
          return e;
        }
      })() as KrakenKeyInUseError;
      expect(refused).toBeInstanceOf(KrakenKeyInUseError);
      expect(refused.holderPid).toBe(running.pid);
      expect(refused.message).toContain(`process ${running.pid} on`);
      expect(refused.message).not.toContain(apiKey);

      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGKILL'); // no chance to clean up: the lock file stays behind
      await exited;
      const successor = spotClient('locked', { nonceStateDir: stateDir });
      await expect(successor.balance()).resolves.toBeDefined();
      await successor.close();
      releaseKeyChannel('spot', apiKey);
    } finally {
      child?.kill('SIGKILL');
    }
  });
});

describe('the nonce breaker', () => {
  it('Spot: after 3 consecutive EAPI:Invalid nonce the key stops, says so once, and sends nothing more', async () => {
    const server = await startLoopback((_req, res) => json(res, { error: ['EAPI:Invalid nonce'] }));
    const warnings: string[] = [];
    const onWarning = (w: Error & { code?: string }) => void (w.code === 'KRAKENKIT_NONCE_BREAKER' && warnings.push(w.message));
    process.on('warning', onWarning);
    const apiKey = `breaker-spot-${process.pid}`;
    const client = new KrakenSpotRawHttpClient({
      baseUrl: server.baseUrl,
      apiKey,
      apiSecret: SECRET,
      retryDelayInitialMs: 1,
      retryDelayMaxMs: 2,
    });
    try {
      await expect(client.balance()).rejects.toBeInstanceOf(KrakenNonceError); // sent, re-signed once: 2 rejections
      expect(server.requests).toHaveLength(2);
      const third = await client.balance().catch((e: unknown) => e); // the 3rd rejection opens the breaker
      expect(third).toBeInstanceOf(KrakenNonceBreakerError);
      expect(server.requests).toHaveLength(3);
      for (let i = 0; i < 5; i++)
        await expect(
          client.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1.0', volume: '1' }),
        ).rejects.toBeInstanceOf(KrakenNonceBreakerError);
      expect(server.requests).toHaveLength(3);
      await new Promise((r) => setImmediate(r));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^private calls on the Spot API key spot-[0-9a-f]{32} are halted after 3 consecutive nonce rejections/);
      expect(warnings[0]).not.toContain(apiKey);
    } finally {
      process.off('warning', onWarning);
      await client.close();
      await server.close();
      releaseKeyChannel('spot', apiKey);
    }
  });

  it('Futures: nonceBelowThreshold trips it the same way', async () => {
    const server = await startLoopback((_req, res) =>
      json(res, { result: 'error', serverTime: '2026-01-05T12:00:00.000Z', error: 'nonceBelowThreshold' }),
    );
    const apiKey = `breaker-futures-${process.pid}`;
    const client = new KrakenFuturesRawHttpClient({
      baseUrl: server.baseUrl,
      apiKey,
      apiSecret: SECRET,
      maxRetries: 0,
      nonceBreakerThreshold: 3,
    });
    const silence = () => undefined;
    process.on('warning', silence);
    try {
      await expect(client.accounts()).rejects.toBeInstanceOf(KrakenNonceError);
      await expect(client.accounts()).rejects.toBeInstanceOf(KrakenNonceBreakerError);
      await expect(client.openpositions()).rejects.toBeInstanceOf(KrakenNonceBreakerError);
      expect(server.requests).toHaveLength(3);
    } finally {
      process.off('warning', silence);
      await client.close();
      await server.close();
      releaseKeyChannel('futures', apiKey);
    }
  });
});
