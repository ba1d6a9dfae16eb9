/**
 * `npm run schemas:upstream-diff [DIR] [--json] [--fail-on-missing]`
 *
 * Compares our schemas/ with a directory of Kraken's official OpenAPI files (default
 * `../shared/kraken-api/specs` beside the repo) and reports endpoints ours lacks, and per shared
 * endpoint the request/response fields ours lacks or types differently. It is a report: exit 0,
 * unless `--fail-on-missing` is given and an endpoint or field is missing (exit 1). Exit 2 on
 * bad arguments.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareSpecs } from './upstream/compare.js';
import { extractOperations, type EnvelopeMode } from './upstream/operations.js';
import { formatText, toJson, totalsOf, type SourceReport } from './upstream/report.js';
import { resolveSpecFile } from './upstream/resolve.js';

export interface SpecPair {
  readonly name: string;
  /** Ours, relative to the repo root. */
  readonly ours: string;
  /** Kraken's entry file, relative to the spec directory. */
  readonly upstream: string;
  readonly envelope: EnvelopeMode;
}

export const SPEC_PAIRS: readonly SpecPair[] = [
  { name: 'Spot REST', ours: 'schemas/spot-rest.openapi.yaml', upstream: 'spot-rest/openapi_v3.yaml', envelope: 'spot' },
  { name: 'Futures REST', ours: 'schemas/futures-rest.openapi.yaml', upstream: 'futures-rest/trading/public.yml', envelope: 'whole' },
  {
    name: 'Futures history',
    ours: 'schemas/futures-history.openapi.yaml',
    upstream: 'futures-rest/history/api-public.yml',
    envelope: 'whole',
  },
  {
    name: 'Futures charts',
    ours: 'schemas/futures-charts.openapi.yaml',
    upstream: 'futures-rest/charts/api-public.yml',
    envelope: 'whole',
  },
];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function diffPair(pair: SpecPair, specDir: string, root: string): SourceReport {
  const oursPath = path.join(root, pair.ours);
  const upstreamPath = path.join(specDir, pair.upstream);
  const base = { name: pair.name, ours: pair.ours, upstream: pair.upstream, unresolvedRefs: [] as string[] };
  if (!existsSync(oursPath)) return { ...base, skipped: `${pair.ours} does not exist yet` };
  if (!existsSync(upstreamPath)) return { ...base, skipped: `${pair.upstream} is not in ${specDir}` };
  const upstream = resolveSpecFile(upstreamPath);
  const ours = resolveSpecFile(oursPath);
  if (ours.issues.length > 0) return { ...base, skipped: `our schema has unresolvable $refs: ${ours.issues.map((i) => i.ref).join(', ')}` };
  const diff = compareSpecs(extractOperations(upstream.document, pair.envelope), extractOperations(ours.document, pair.envelope));
  return { ...base, unresolvedRefs: upstream.issues.map((i) => `${i.ref} (${i.reason})`), diff };
}

interface Args {
  specDir: string | undefined;
  json: boolean;
  failOnMissing: boolean;
  root: string;
}

function parseArgs(argv: readonly string[]): Args | string {
  const args: Args = { specDir: undefined, json: false, failOnMissing: false, root: repoRoot };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') args.json = true;
    else if (a === '--fail-on-missing') args.failOnMissing = true;
    else if (a === '--root') {
      const next = argv[++i];
      if (!next) return '--root needs a directory';
      args.root = path.resolve(next);
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (args.specDir === undefined) args.specDir = path.resolve(a);
    else return `unexpected argument ${a}`;
  }
  return args;
}

export interface RunOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(argv: readonly string[]): RunOutput {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    return {
      code: 2,
      stdout: '',
      stderr: `schemas:upstream-diff: ${args}\nusage: npm run schemas:upstream-diff -- [DIR] [--json] [--fail-on-missing]`,
    };
  }
  const specDir = args.specDir ?? path.resolve(args.root, '../shared/kraken-api/specs');
  if (!existsSync(specDir)) {
    const message =
      `schemas:upstream-diff: no Kraken spec directory at ${specDir}; nothing to compare.\n` +
      'Pass the folder holding spot-rest/openapi_v3.yaml and futures-rest/ (a checkout of krakenfx/api-specs) as DIR.';
    return args.json
      ? { code: 0, stdout: JSON.stringify({ specDir, skipped: 'spec directory not found', sources: [] }, null, 2), stderr: message }
      : { code: 0, stdout: message, stderr: '' };
  }
  const reports = SPEC_PAIRS.map((pair) => diffPair(pair, specDir, args.root));
  const totals = totalsOf(reports);
  const stdout = args.json ? toJson(specDir, reports) : formatText(specDir, reports);
  const missing = totals.missingEndpoints + totals.missingFields > 0;
  return { code: args.failOnMissing && missing ? 1 : 0, stdout, stderr: '' };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = run(process.argv.slice(2));
  if (result.stdout) process.stdout.write(`${result.stdout}\n`);
  if (result.stderr) process.stderr.write(`${result.stderr}\n`);
  process.exitCode = result.code;
}
