/**
 * Operations of a resolved OpenAPI document, reduced to what the upstream diff compares: a
 * normalised route key, the request fields (query/path parameters and body properties together,
 * since Kraken's Futures spec sends as query what a form body may carry) and the response fields.
 */
import { addFlattened, flattenSchema, type FieldMap } from './flatten.js';

export type EnvelopeMode = 'spot' | 'whole';

export interface OperationShape {
  readonly method: string;
  /** Full path as published: server path + operation path (`/0/private/AddOrder`). */
  readonly path: string;
  /** Comparison key: lower-case, template names erased, no trailing slash. */
  readonly routeKey: string;
  readonly operationId: string | undefined;
  readonly request: FieldMap;
  readonly response: FieldMap;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** Transport concerns, not API fields: signing headers are compared nowhere. */
const SKIPPED_PARAM_LOCATIONS = new Set(['header', 'cookie']);

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

function serverPath(doc: Json): string {
  const servers = doc['servers'];
  const first: unknown = Array.isArray(servers) ? servers[0] : undefined;
  const url = isRecord(first) && typeof first['url'] === 'string' ? first['url'] : '';
  try {
    return new URL(url).pathname.replace(/\/+$/, '');
  } catch {
    return url.startsWith('/') ? url.replace(/\/+$/, '') : '';
  }
}

export function routeKeyOf(method: string, fullPath: string): string {
  const path =
    fullPath
      .replace(/\{[^}]*\}/g, '{}')
      .replace(/\/+$/, '')
      .toLowerCase() || '/';
  return `${method.toUpperCase()} ${path}`;
}

function requestFields(pathItem: Json, op: Json): FieldMap {
  const fields: FieldMap = new Map();
  const params = [...list(pathItem['parameters']), ...list(op['parameters'])];
  for (const p of params) {
    if (!isRecord(p) || typeof p['name'] !== 'string') continue;
    if (SKIPPED_PARAM_LOCATIONS.has(String(p['in']))) continue;
    addFlattened(fields, p['name'], p['schema'] ?? {});
  }
  const body = op['requestBody'];
  const content = isRecord(body) && isRecord(body['content']) ? body['content'] : {};
  for (const media of Object.values(content)) {
    if (!isRecord(media) || !isRecord(media['schema'])) continue;
    for (const [path, shape] of flattenSchema(media['schema'])) if (!fields.has(path)) fields.set(path, shape);
  }
  return fields;
}

function successSchema(op: Json): Json | undefined {
  const responses = isRecord(op['responses']) ? op['responses'] : {};
  const ok = responses['200'] ?? responses['201'] ?? responses['default'];
  if (!isRecord(ok) || !isRecord(ok['content'])) return undefined;
  const media = ok['content']['application/json'] ?? Object.values(ok['content'])[0];
  return isRecord(media) && isRecord(media['schema']) ? media['schema'] : undefined;
}

/** Spot: the fields of the envelope's `result` (searched through allOf/oneOf branches too). */
function spotResult(schema: Json): Json | undefined {
  const props = schema['properties'];
  if (isRecord(props) && isRecord(props['result'])) return props['result'];
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    for (const branch of list) {
      const found = isRecord(branch) ? spotResult(branch) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/** A branch describing Kraken's error body (`result: "error"`), which some 200 responses union in. */
function isErrorBranch(schema: Json): boolean {
  const props = schema['properties'];
  const result = isRecord(props) ? props['result'] : undefined;
  if (isRecord(result) && Array.isArray(result['enum']) && result['enum'].length === 1 && result['enum'][0] === 'error') return true;
  const all = schema['allOf'];
  return Array.isArray(all) && all.some((b) => isRecord(b) && isErrorBranch(b));
}

/** Futures 200 responses are often `oneOf: [success, ErrorResponse]`; only the success shape is compared. */
function withoutErrorBranches(schema: Json): Json {
  const out: Json = { ...schema };
  for (const key of ['oneOf', 'anyOf']) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    const kept = list.filter((b) => !(isRecord(b) && isErrorBranch(b)));
    if (kept.length > 0) out[key] = kept;
  }
  return out;
}

function responseFields(op: Json, envelope: EnvelopeMode): FieldMap {
  const schema = successSchema(op);
  if (!schema) return new Map();
  return flattenSchema(envelope === 'spot' ? (spotResult(schema) ?? {}) : withoutErrorBranches(schema));
}

export function extractOperations(doc: unknown, envelope: EnvelopeMode): OperationShape[] {
  if (!isRecord(doc) || !isRecord(doc['paths'])) return [];
  const prefix = serverPath(doc);
  const ops: OperationShape[] = [];
  for (const [rawPath, pathItem] of Object.entries(doc['paths'])) {
    if (!isRecord(pathItem)) continue;
    for (const method of METHODS) {
      const op = pathItem[method];
      if (!isRecord(op)) continue;
      const path = `${prefix}${rawPath}`;
      ops.push({
        method: method.toUpperCase(),
        path,
        routeKey: routeKeyOf(method, path),
        operationId: typeof op['operationId'] === 'string' ? op['operationId'] : undefined,
        request: requestFields(pathItem, op),
        response: responseFields(op, envelope),
      });
    }
  }
  return ops;
}
