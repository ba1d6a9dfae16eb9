import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSimArgs, SimUsageError } from '../../../src/cli/sim-command.js';

describe('krakenkit sim: arguments', () => {
  it('parses port, seed, repeated faults, tier and --no-limits', () => {
    const o = parseSimArgs(['--port', '4100', '--seed=9', '--fault', 'ws-drop:target=spot-public,channel=book,times=3', '--fault', 'venue-error:path=/0/private/AddOrder,error=EService:Unavailable', '--tier', 'pro', '--no-limits']);
    expect(o).toEqual({
      basePort: 4100,
      seed: 9,
      tier: 'pro',
      limits: false,
      faults: [
        { kind: 'ws-drop', target: 'spot-public', channel: 'book', times: 3 },
        { kind: 'venue-error', path: '/0/private/AddOrder', error: 'EService:Unavailable' },
      ],
    });
  });

  it('refuses bad input with the usage text', () => {
    expect(() => parseSimArgs(['--port', 'x'])).toThrow(SimUsageError);
    expect(() => parseSimArgs(['--fault', 'nope'])).toThrow(/unknown fault kind/);
    expect(() => parseSimArgs(['--bogus'])).toThrow(/unknown flag/);
  });
});

describe('krakenkit sim: a real process', () => {
  it('prints URLs and demo credentials, serves Kraken requests, and stops on SIGINT', async () => {
    const root = resolve(import.meta.dirname, '../../..');
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', "import('./src/cli/sim-command.ts').then((m) => m.runSimCommand(['--seed', '3']))"], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 15_000;
    while (!out.includes('Press Ctrl-C') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('Spot WS public   ws://127.0.0.1:');
    expect(out).toMatch(/spot {4}API key [A-Za-z0-9+/=]{56}/);
    const base = /Spot REST +(http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    const time = (await (await fetch(`${base}/0/public/Time`)).json()) as { error: string[] };
    expect(time.error).toEqual([]);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('Kraken simulator stopped.');
  }, 20_000);
});
