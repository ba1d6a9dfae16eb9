/**
 * `npm run codegen`: schemas/ → generated/. `npm run codegen:check`: regenerate in memory and
 * fail on any difference (drift, a stale file, a missing file).
 *
 * Options: `--check`, `--root <dir>` (a repo-shaped folder, used by tests that add an endpoint to
 * a temporary copy), `--out <dir>` (default `<root>/generated`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAll } from './pipeline.js';

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

function arg(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export async function main(argv: readonly string[]): Promise<number> {
  const root = resolve(arg(argv, '--root') ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const out = resolve(arg(argv, '--out') ?? join(root, 'generated'));
  const check = argv.includes('--check');
  const onlyArg = arg(argv, '--only');
  const only = onlyArg ? new Set(onlyArg.split(',')) : undefined;
  const files = await generateAll(root, only);
  // With --only, files of the other sources are left alone (a development aid; CI never uses it).
  const owned = (rel: string) => !only || [...only].some((n) => rel.startsWith(`${n}/`));

  if (check) {
    const problems: string[] = [];
    for (const [rel, content] of files) {
      const p = join(out, rel);
      if (!existsSync(p)) problems.push(`missing: generated/${rel}`);
      else if (readFileSync(p, 'utf8') !== content) problems.push(`drift:   generated/${rel}`);
    }
    for (const rel of listFiles(out)) if (!files.has(rel) && owned(rel)) problems.push(`stale:   generated/${rel}`);
    if (problems.length > 0) {
      console.error(
        `codegen:check failed: generated/ does not match schemas/ and codegen/.\n${problems.join('\n')}\nRun \`npm run codegen\` and commit the result.`,
      );
      return 1;
    }
    console.log(`codegen:check ok: ${files.size} generated files match their sources.`);
    return 0;
  }

  for (const rel of listFiles(out)) if (!files.has(rel) && owned(rel)) rmSync(join(out, rel));
  if (only) files.delete('manifest.json');
  for (const [rel, content] of files) {
    const p = join(out, rel);
    mkdirSync(dirname(p), { recursive: true });
    if (!existsSync(p) || readFileSync(p, 'utf8') !== content) writeFileSync(p, content);
  }
  console.log(`codegen: wrote ${files.size} files to ${relative(process.cwd(), out) || '.'}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
