/**
 * The layer rules of docs/architecture.md (`.dependency-cruiser.cjs`, run by `npm run lint`)
 * must catch what they promise to catch: this runs the same command over a fixture tree that
 * breaks them on purpose, then over the real src/.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../../..');
const config = path.join(repo, '.dependency-cruiser.cjs');
const depcruise = path.join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
  readonly cycle?: readonly { readonly name: string }[];
}

/** Runs the lint's cruise in `cwd` and returns the violations it fails on (it exits non-zero when there are any). */
async function cruise(cwd: string): Promise<Violation[]> {
  const args = [depcruise, 'src', '--config', config, '--output-type', 'json'];
  const out = await run(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 }).catch((err: { stdout?: string }) => {
    if (typeof err.stdout === 'string' && err.stdout.startsWith('{')) return { stdout: err.stdout };
    throw err;
  });
  const result = JSON.parse(out.stdout) as { summary: { violations: Violation[] } };
  return result.summary.violations;
}

// Each test runs dependency-cruiser over a whole tree in a child process: tens of seconds on a loaded 2-core machine.
describe('layer rules (dependency-cruiser)', { timeout: 120_000 }, () => {
  it('report an upward import, the domain on the wire, a cycle and the simulator borrowing client code', async () => {
    const violations = await cruise(path.join(repo, 'test/fixtures/layers-violation'));
    const found = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
    expect(found).toEqual(
      [
        'core-imports-nothing: src/core/clock.ts -> src/kraken/urls.ts',
        'model-imports-core: src/model/order.ts -> src/transport/http.ts',
        'sim-not-client-code: src/sim/venue.ts -> src/kraken/spot/ws/spot-ws-client.ts',
      ]
        .concat(violations.filter((v) => v.rule.name === 'no-circular').map((v) => `no-circular: ${v.from} -> ${v.to}`))
        .sort(),
    );
    const cycles = violations.filter((v) => v.rule.name === 'no-circular');
    expect(cycles.length).toBeGreaterThan(0);
    for (const c of cycles) expect([c.from, c.to].sort()).toEqual(['src/node/cache.ts', 'src/node/engine.ts']);
  });

  it('pass on the real src/', async () => {
    expect(await cruise(repo)).toEqual([]);
  });
});
