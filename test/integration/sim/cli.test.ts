import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { parseSimArgs, runSimCommand, SIM_USAGE, SimUsageError } from '../../../src/cli/sim-command.js';

describe('krakenkit sim: arguments', () => {
  it('parses port, seed, repeated faults, tier and --no-limits', () => {
    const o = parseSimArgs([
      '--port',
      '4100',
      '--seed=9',
      '--fault',
      'ws-drop:target=spot-public,channel=book,times=3',
      '--fault',
      'venue-error:path=/0/private/AddOrder,error=EService:Unavailable',
      '--tier',
      'pro',
      '--no-limits',
    ]);
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
    // One error hierarchy: bad CLI input is a KrakenValidationError naming the flag.
    const err = (() => {
      try {
        parseSimArgs(['--tier', 'gold']);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(KrakenValidationError);
    expect((err as KrakenValidationError).issues).toEqual([{ path: '--tier', message: '--tier must be starter, intermediate or pro' }]);
    expect((err as SimUsageError).usage).toContain('usage: krakenkit sim');
    expect(() => parseSimArgs(['--fault', 'ws-drop:channel=book'])).toThrow(/needs a target/);
    expect(() => parseSimArgs(['--fault', 'nope'])).toThrow(/unknown fault kind/);
    expect(() => parseSimArgs(['--bogus'])).toThrow(/unknown flag/);
  });
});

describe('krakenkit sim --help', () => {
  it('prints the usage and resolves (main exits 0) without starting a simulator', async () => {
    const lines: string[] = [];
    await runSimCommand(['--help'], { log: (t) => lines.push(t) });
    expect(lines).toEqual([SIM_USAGE]);
    expect(parseSimArgs(['-h']).help).toBe(true);
  });

  it('bad arguments print the usage and reject', async () => {
    const out: string[] = [];
    const errs: string[] = [];
    await expect(runSimCommand(['--bogus'], { log: (t) => out.push(t), error: (t) => errs.push(t) })).rejects.toBeInstanceOf(SimUsageError);
    expect(errs).toEqual([SIM_USAGE]);
    expect(out).toEqual([]);
  });
});

describe('krakenkit sim: a real process', () => {
  it('prints URLs and demo credentials, serves Kraken requests, and stops on SIGINT', async () => {
    const root = resolve(import.meta.dirname, '../../..');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '-e', "import('./src/cli/sim-command.ts').then((m) => m.runSimCommand(['--seed', '3']))"],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let onOutput: () => void = () => undefined;
    const collect = (d: Buffer) => {
      out += d.toString();
      onOutput();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      // Generous: `node --import tsx` compiles the simulator on start, slow on a loaded 2-core CI box.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the simulator process did not start in 45 s; it printed:\n${out}`)), 45_000);
        onOutput = () => {
          if (!out.includes('Press Ctrl-C')) return;
          clearTimeout(timer);
          resolve();
        };
        onOutput();
      });
      expect(out).toContain('Spot WS public   ws://127.0.0.1:');
      expect(out).toMatch(/spot {4}API key [A-Za-z0-9+/=]{56}/);
      const base = /Spot REST +(http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
      const time = (await (await fetch(`${base}/0/public/Time`)).json()) as { error: string[] };
      expect(time.error).toEqual([]);
      // The process's simulator has recorded none of its own bugs while serving that.
      expect(await (await fetch(`${base}/__sim/internal-errors`)).json()).toEqual({ count: 0, errors: [] });
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(out).toContain('Kraken simulator stopped.');
    } finally {
      // Whatever failed above, the process does not outlive the test.
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    }
  }, 60_000);
});
