/**
 * `krakenkit codegen [--check]`: regenerates generated/ from schemas/ by running the repository's
 * generator (codegen/generate.ts) with tsx. It exists in a source checkout only: an installed
 * package ships the generated code, not the generator.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KrakenError } from '../core/errors.js';
import { CliUsageError } from './exit-codes.js';
import type { CliIo } from './io.js';

/** The repository root: the nearest directory above this file with codegen/generate.ts. */
function repositoryRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'codegen', 'generate.ts'))) return dir;
    dir = dirname(dir);
  }
  return null;
}

export async function runCodegenCommand(options: { check?: boolean }, io: CliIo): Promise<void> {
  const root = repositoryRoot();
  if (root === null) throw new CliUsageError('codegen runs in a source checkout of krakenkit (codegen/generate.ts not found)');
  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  if (!existsSync(tsx)) throw new CliUsageError('codegen needs the dev dependencies: run npm ci in the checkout first');
  const args = [tsx, join(root, 'codegen', 'generate.ts'), ...(options.check === true ? ['--check'] : [])];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => io.out(d.toString().trimEnd()));
    child.stderr.on('data', (d: Buffer) => io.err(d.toString().trimEnd()));
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0)
    throw new KrakenError(options.check === true ? 'generated/ is out of date: run krakenkit codegen' : `codegen failed (exit ${code})`);
}
