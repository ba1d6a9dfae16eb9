import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test order is shuffled (files and the tests inside them), so a test that leans on another's
 * leftovers fails instead of passing by luck. The seed is printed at the start of every run
 * ("Running tests with seed …"); `KRAKENKIT_TEST_SEED=<seed> npx vitest run` replays that order.
 */
const seed =
  process.env['KRAKENKIT_TEST_SEED'] === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env['KRAKENKIT_TEST_SEED']);
if (!Number.isSafeInteger(seed)) throw new Error(`KRAKENKIT_TEST_SEED must be an integer, got ${process.env['KRAKENKIT_TEST_SEED']}`);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/helpers/environment-setup.ts', 'test/helpers/state-dir-setup.ts'],
    pool: 'forks',
    // One test file per core. vitest's default leaves a core for itself (a single worker on a
    // 2-core machine), but after the first files are transformed the main process mostly waits,
    // and many tests wait on loopback sockets: two workers took a run under load from 504 s to 315 s.
    maxWorkers: Math.max(2, availableParallelism()),
    minWorkers: 1,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    sequence: { shuffle: { files: true, tests: true }, seed },
    // vi.stubEnv is undone after every test, so no test sees another's environment.
    unstubEnvs: true,
  },
});
