/**
 * A small `$ref` resolver for Kraken's multi-file OpenAPI specs.
 *
 * Kraken's Spot spec (`spot-rest/openapi_v3.yaml`) points with relative `$ref`s into ~240
 * other YAML files (`./schemas/...`, `../../partials/...`, `#/Decimal` inside a referenced
 * file), and the Futures specs reference `_schemas.yml#/...` siblings. We only need a
 * read-only, fully inlined view for comparison, so this resolver:
 * - loads each file once with `yaml` (cached by absolute path),
 * - resolves `file#/json/pointer`, `file` and `#/pointer` relative to the file that holds the ref,
 * - breaks cycles by leaving `{ $ref, 'x-cycle': true }` in place,
 * - records (never throws on) unreadable files or dangling pointers, leaving
 *   `{ $ref, 'x-unresolved': reason }` so a report can still be produced.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface ResolveIssue {
  ref: string;
  from: string;
  reason: string;
}

export interface ResolvedSpec {
  /** The entry document with every reachable `$ref` inlined. */
  document: unknown;
  issues: ResolveIssue[];
}

type Json = unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodePointerToken(token: string): string {
  return decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
}

function followPointer(doc: Json, pointer: string): { found: true; value: Json } | { found: false } {
  if (pointer === '' || pointer === '/') return { found: true, value: doc };
  const tokens = pointer.replace(/^\//, '').split('/').map(decodePointerToken);
  let node: Json = doc;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      const index = Number(token);
      if (!Number.isInteger(index) || index < 0 || index >= node.length) return { found: false };
      node = node[index];
    } else if (isRecord(node) && Object.prototype.hasOwnProperty.call(node, token)) {
      node = node[token];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: node };
}

export class SpecResolver {
  private readonly files = new Map<string, Json>();
  readonly issues: ResolveIssue[] = [];

  private readonly loadErrors = new Map<string, string>();

  /** Parse a file (cached). Returns undefined when it cannot be read; `loadError` says why. */
  load(absPath: string): Json {
    if (this.files.has(absPath)) return this.files.get(absPath);
    try {
      const doc: Json = parse(readFileSync(absPath, 'utf8'), { maxAliasCount: -1 });
      this.files.set(absPath, doc);
      return doc;
    } catch (err) {
      this.loadErrors.set(absPath, (err as Error).message.split('\n')[0] ?? 'unreadable');
      this.files.set(absPath, undefined);
      return undefined;
    }
  }

  loadError(absPath: string): string | undefined {
    return this.loadErrors.get(absPath);
  }

  /** Inline every `$ref` below `node`, which lives in `file`. */
  resolve(node: Json, file: string, stack: readonly string[] = []): Json {
    if (Array.isArray(node)) return node.map((item) => this.resolve(item, file, stack));
    if (!isRecord(node)) return node;
    const ref = node['$ref'];
    if (typeof ref === 'string') {
      const target = this.follow(ref, file);
      if ('reason' in target) {
        this.issues.push({ ref, from: file, reason: target.reason });
        return { $ref: ref, 'x-unresolved': target.reason };
      }
      const key = `${target.file}#${target.pointer}`;
      if (stack.includes(key)) return { $ref: ref, 'x-cycle': true };
      const resolved = this.resolve(target.value, target.file, [...stack, key]);
      // OpenAPI 3.1 allows siblings next to $ref (description, example); keep them, target wins on conflicts.
      const siblings = Object.fromEntries(Object.entries(node).filter(([k]) => k !== '$ref'));
      return isRecord(resolved) ? { ...siblings, ...resolved } : resolved;
    }
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(node)) out[key] = this.resolve(value, file, stack);
    return out;
  }

  private follow(ref: string, fromFile: string): { file: string; pointer: string; value: Json } | { reason: string } {
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const pointer = hash === -1 ? '' : ref.slice(hash + 1);
    if (/^[a-z]+:\/\//i.test(filePart)) return { reason: 'remote refs are not followed' };
    const file = filePart === '' ? fromFile : path.resolve(path.dirname(fromFile), filePart);
    const doc = this.load(file);
    if (doc === undefined) return { reason: `cannot read ${path.basename(file)}: ${this.loadError(file) ?? 'unreadable'}` };
    const hit = followPointer(doc, pointer);
    if (!hit.found) return { reason: `pointer ${pointer} not found in ${path.basename(file)}` };
    return { file, pointer, value: hit.value };
  }
}

/** Load an entry file and inline everything reachable from it. */
export function resolveSpecFile(entryPath: string): ResolvedSpec {
  const resolver = new SpecResolver();
  const abs = path.resolve(entryPath);
  const doc = resolver.load(abs);
  if (doc === undefined) resolver.issues.push({ ref: abs, from: '(entry)', reason: resolver.loadError(abs) ?? 'unreadable' });
  const document = doc === undefined ? undefined : resolver.resolve(doc, abs);
  return { document, issues: resolver.issues };
}
