/**
 * Every test file gets its own temporary state directory: a client that talks to a Kraken host
 * persists nonces and takes a key lock by default, and tests must never write outside a temp
 * directory (nor share locks between test files running in parallel).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'krakenkit-state-'));
process.env['KRAKENKIT_STATE_DIR'] = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
