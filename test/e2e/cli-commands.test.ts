/**
 * The `krakenkit` commands as a user runs them (through the commander program, `main(argv)`),
 * each against an embedded simulator: help for every command, the instruments table and JSON,
 * helpful errors with their exit codes, a short stream, and orders submitted, listed, validated
 * and cancelled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKrakenSim, type KrakenSim } from '../../src/sim/start.js';
import { main } from '../../src/cli/main.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import type { CliIo } from '../../src/cli/io.js';

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t) };
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return runIn({}, ...argv);
}

/** Runs with `env` as the whole environment (credentials are read from nowhere else). */
async function runIn(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(argv, io, env);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('krakenkit --help', () => {
  it('describes every command, and each command has its own help', async () => {
    const top = await run('--help');
    expect(top.code).toBe(EXIT.OK);
    for (const c of ['start', 'instruments', 'stream', 'bars', 'order', 'reconcile', 'sim', 'codegen']) expect(top.out).toContain(c);
    expect((await run('instruments', '--help')).out).toMatch(/--product <product>[\s\S]*--filter <text>[\s\S]*--json/);
    expect((await run('stream', '--help')).out).toMatch(/--book[\s\S]*--depth <n>[\s\S]*--trades/);
    expect((await run('bars', '--help')).out).toMatch(/--interval <len>[\s\S]*--from <date>[\s\S]*--to <date>[\s\S]*--out <file>/);
    expect((await run('order', 'submit', '--help')).out).toMatch(/--validate[\s\S]*--yes/);
    expect((await run('order', 'cancel', '--help')).code).toBe(EXIT.OK);
    expect((await run('order', 'list', '--help')).code).toBe(EXIT.OK);
    expect((await run('codegen', '--help')).out).toContain('--check');
    expect((await run('start', '--help')).out).toMatch(/--duration <secs>[\s\S]*--trade[\s\S]*--yes[\s\S]*--validate[\s\S]*--keep-orders/);
    expect((await run('reconcile', '--help')).out).toMatch(/--lookback <mins>[\s\S]*--json/);
    const sim = await run('sim', '--help');
    expect(sim.code).toBe(EXIT.OK);
    expect(sim.out).toContain('--fault <spec>');
  });

  it('exits 2 on an unknown command, an unknown flag or a bad value, before starting anything', async () => {
    const unknown = await run('instrumentz');
    expect(unknown.code).toBe(EXIT.USAGE);
    expect(unknown.err).toMatch(/unknown command 'instrumentz'/);
    expect((await run('instruments', '--colour')).code).toBe(EXIT.USAGE);
    const badProduct = await run('instruments', '--product', 'options');
    expect(badProduct.code).toBe(EXIT.USAGE);
    expect(badProduct.err).toMatch(/Allowed choices are spot, futures/);
    expect((await run('bars', 'BTC/USD', '--from', '2026-01-01', '--out', 'x.csv')).err).toMatch(/--interval/);
    expect((await run('stream', 'BTC/USD', '--duration', '0')).code).toBe(EXIT.USAGE);
  });
});

describe('krakenkit instruments against the embedded simulator', () => {
  it('prints a table of Spot and Futures instruments, filters them, and prints exact JSON', async () => {
    const all = await run('instruments');
    expect(all.code).toBe(EXIT.OK);
    const lines = all.out.split('\n');
    expect(lines[0]).toMatch(/^INSTRUMENT\s+KIND\s+NATIVE\s+PX DP\s+QTY DP\s+TICK\s+LOT\s+MIN QTY\s+MIN NOTIONAL\s+STATUS$/);
    expect(all.out).toMatch(
      /^BTC\/USD\.KRAKEN\s+SPOT\s+XXBTZUSD XBTUSD XBT\/USD\s+1\s+8\s+0\.1\s+0\.00000001\s+0\.00005000\s+0\.5 USD\s+online$/m,
    );
    expect(all.out).toMatch(/^PF_XBTUSD\.KRAKEN\s+SWAP\s+PF_XBTUSD\s/m);
    const spot = await run('instruments', '--product', 'spot', '--filter', 'xbt', '--json');
    const rows = JSON.parse(spot.out) as { id: string; product: string; priceIncrement: string; native: string[] }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.product === 'spot' && r.native.some((n) => n.includes('XBT')))).toBe(true);
    expect(rows.find((r) => r.id === 'BTC/USD.KRAKEN')?.priceIncrement).toBe('0.1');
  });
});

describe('helpful errors', () => {
  it('an unknown instrument lists the nearest ids and exits 2', async () => {
    const r = await run('order', 'submit', 'BTC/USDD', '--side', 'buy', '--qty', '0.01', '--price', '100');
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(/unknown instrument BTC\/USDD; nearest: BTC\/USD\.KRAKEN/);
  });

  it('without --live, an endpoint left out is refused (exit 2) instead of falling back to real Kraken', async () => {
    const partial = await run('--spot-url', 'http://127.0.0.1:9', 'order', 'list', '--product', 'spot');
    expect(partial.code).toBe(EXIT.USAGE);
    expect(partial.err).toMatch(/never falls back to real Kraken/);
    expect(partial.err).toMatch(/missing --spot-ws-url, --futures-url, --futures-ws-url/);
  });

  it('a missing credential names its variables (exit 4); a venue refusal exits 3', async () => {
    const noKeys = await run('--live', '--spot-url', 'http://127.0.0.1:9', 'order', 'list', '--product', 'spot');
    expect(noKeys.code).toBe(EXIT.CREDENTIALS);
    expect(noKeys.err).toMatch(/KRAKEN_SPOT_API_KEY and KRAKEN_SPOT_API_SECRET/);
    // Far more than the demo account holds: the simulator refuses it as Kraken would.
    const refused = await run('order', 'submit', 'BTC/USD', '--side', 'buy', '--qty', '100000', '--price', '50000.0');
    expect(refused.code).toBe(EXIT.VENUE);
    expect(refused.err).toMatch(/EOrder:Insufficient funds/);
  });

  it('refuses a size finer than the instrument allows, before sending', async () => {
    const r = await run('order', 'submit', 'BTC/USD', '--side', 'buy', '--qty', '0.000000001', '--price', '100');
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(/--qty 0\.000000001: at most 8 decimal places/);
  });
});

describe('krakenkit stream against the embedded simulator', () => {
  it('shows quotes and trades of one market as plain lines outside a terminal, and stops after --duration', async () => {
    const r = await run('stream', 'BTC/USD', '--book', '--depth', '10', '--duration', '4');
    expect(r.code).toBe(EXIT.OK);
    expect(r.out).toMatch(/^quote BTC\/USD\.KRAKEN bid \d+\.\d x \d+\.\d{8} \| ask \d+\.\d x \d+\.\d{8} \| \d+ msgs\/s$/m);
    expect(r.err).toMatch(/streaming BTC\/USD\.KRAKEN from simulator/);
    expect(r.err).toMatch(/stopped: [1-9]\d* quotes, \d+ trades, [1-9]\d* book updates/);
    expect((await run('stream', 'BTC/USD', '--depth', '10', '--duration', '1')).err).toMatch(/--depth needs --book/);
  }, 60_000);
});

describe('krakenkit order against one running simulator (--spot-url/--futures-url)', () => {
  let sim: KrakenSim;
  let env: Record<string, string>;
  let at: string[];
  beforeAll(async () => {
    sim = await startKrakenSim({ seed: 5 });
    env = {
      KRAKEN_SPOT_API_KEY: sim.credentials.spot.apiKey,
      KRAKEN_SPOT_API_SECRET: sim.credentials.spot.apiSecret,
      KRAKEN_FUTURES_API_KEY: sim.credentials.futures.apiKey,
      KRAKEN_FUTURES_API_SECRET: sim.credentials.futures.apiSecret,
    };
    at = ['--spot-url', sim.urls.spotRest, '--futures-url', sim.urls.futuresRest];
    at.push('--spot-ws-url', sim.urls.spotWsPublic, '--futures-ws-url', sim.urls.futuresWs);
  });
  afterAll(() => sim.close());

  it('submits, lists and cancels Spot and Futures orders; --validate places nothing', async () => {
    const validated = await runIn(
      env,
      ...at,
      'order',
      'submit',
      'BTC/USD',
      '--side',
      'buy',
      '--qty',
      '0.01',
      '--price',
      '1000.0',
      '--validate',
    );
    expect(validated.code).toBe(EXIT.OK);
    expect(validated.out).toMatch(/^validated \(not placed\): buy 0\.01(0+)? XBTUSD @ limit 1000\.0/);
    expect(sim.engine.spot.openOrders('demo')).toHaveLength(0);

    const spot = await runIn(env, ...at, 'order', 'submit', 'XBTUSD', '--side', 'buy', '--qty', '0.01', '--price', '1000.0', '--post-only');
    expect(spot.code).toBe(EXIT.OK);
    const spotId = /^submitted (O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}):/.exec(spot.out)?.[1];
    expect(spotId).toBeDefined();
    const futures = await runIn(env, ...at, 'order', 'submit', 'PF_XBTUSD', '--side', 'sell', '--qty', '0.01', '--price', '900000');
    expect(futures.code).toBe(EXIT.OK);
    const futuresId = /^submitted ([0-9a-f-]{36}):/.exec(futures.out)?.[1];
    expect(futuresId).toBeDefined();

    const listed = await runIn(env, ...at, 'order', 'list', '--json');
    const rows = JSON.parse(listed.out) as { product: string; orderId: string; side: string; price: string }[];
    expect(rows.map((r) => [r.product, r.orderId, r.side]).sort()).toEqual(
      [
        ['futures', futuresId, 'sell'],
        ['spot', spotId, 'buy'],
      ].sort(),
    );
    const table = await runIn(env, ...at, 'order', 'list', '--product', 'spot');
    expect(table.out).toMatch(new RegExp(`^spot\\s+${spotId}\\s+XBTUSD\\s+buy\\s+limit\\s+0\\.01`, 'm'));

    expect((await runIn(env, ...at, 'order', 'cancel', spotId!)).out).toBe(`cancelled ${spotId}: 1 order(s)`);
    expect((await runIn(env, ...at, 'order', 'cancel', futuresId!)).out).toBe(`cancel ${futuresId}: cancelled`);
    expect(JSON.parse((await runIn(env, ...at, 'order', 'list', '--json')).out)).toEqual([]);
    expect((await runIn(env, ...at, 'order', 'cancel', 'nonsense')).code).toBe(EXIT.USAGE);
    expect(
      (await runIn(env, ...at, 'order', 'submit', 'PF_XBTUSD', '--side', 'buy', '--qty', '1', '--price', '1', '--validate')).err,
    ).toMatch(/Kraken Futures has no validate flag/);
  }, 60_000);

  it('asks before sending to real Kraken, and refuses without a terminal unless --yes', async () => {
    // --live pointed at the simulator by URL: what counts is that nothing is sent unconfirmed.
    const io = captureIo();
    const code = await main(
      ['--live', ...at, 'order', 'submit', 'BTC/USD', '--side', 'buy', '--qty', '0.01', '--price', '1000.0'],
      io,
      env,
    );
    expect(code).toBe(EXIT.USAGE);
    expect(io.stderr.join('\n')).toMatch(
      /refusing to send buy 0\.01 BTC\/USD\.KRAKEN limit @ 1000\.0 on real Kraken without confirmation: pass --yes/,
    );
    const asked: string[] = [];
    const declining = { ...captureIo(), confirm: (q: string) => (asked.push(q), Promise.resolve(false)) };
    expect(await main(['--live', ...at, 'order', 'cancel', 'OAAAAA-BBBBB-CCCCCC'], declining, env)).toBe(EXIT.USAGE);
    expect(asked).toEqual(['cancel OAAAAA-BBBBB-CCCCCC on real Kraken?']);
    expect(sim.engine.spot.openOrders('demo')).toHaveLength(0);
  }, 60_000);
});
