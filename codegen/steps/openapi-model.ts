/**
 * Reads an OpenAPI source into the flat operation list that every REST generator step uses.
 * It fails loudly on anything it cannot type: a generator never emits `any`.
 */
import type { CodegenSource } from '../sources.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type BodyKind = 'form' | 'json' | 'none';

export interface OperationModel {
  readonly operationId: string;
  readonly methodName: string;
  readonly httpMethod: HttpMethod;
  readonly path: string;
  readonly auth: 'public' | 'private';
  readonly cost: number;
  readonly orderEntry: boolean;
  readonly body: BodyKind;
  /** JSON pointer (into the document) of the request body schema, when there is a body. */
  readonly bodyPointer: string | undefined;
  /** Query (or header-free) parameters, when the operation takes them. */
  readonly queryParams: readonly { name: string; required: boolean; schemaPointer: string }[];
  /** Path parameters (`{symbol}`), substituted into the path by the client. Always required. */
  readonly pathParams: readonly { name: string; schemaPointer: string }[];
  /** JSON pointer of the schema the response validator checks (the `result`, or the whole body). */
  readonly responsePointer: string;
  /** Whether every parameter is optional once the client has added its own fields. */
  readonly paramsOptional: boolean;
  /** Fields the client supplies itself (Spot `nonce`), omitted from the typed params. */
  readonly clientSupplied: readonly string[];
  readonly summary: string | undefined;
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];
const FORM = 'application/x-www-form-urlencoded';
const JSON_CT = 'application/json';

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function resolvePointer(doc: JsonObject, pointer: string): Json {
  if (!pointer.startsWith('#')) throw new Error(`only local $refs are supported: ${pointer}`);
  let node: Json = doc;
  for (const raw of pointer.slice(1).split('/').filter(Boolean)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') throw new Error(`dangling pointer ${pointer}`);
    node = Array.isArray(node) ? (node[Number(seg)] ?? null) : (node[seg] ?? null);
    if (node === null) throw new Error(`dangling pointer ${pointer}`);
  }
  return node;
}

/** Follows `$ref`s from a pointer; returns the final pointer and node. */
function deref(doc: JsonObject, pointer: string): { pointer: string; node: JsonObject } {
  let p = pointer;
  for (let i = 0; i < 20; i++) {
    const node = resolvePointer(doc, p);
    if (node === null || typeof node !== 'object' || Array.isArray(node)) throw new Error(`${p} is not an object`);
    const ref = node['$ref'];
    if (typeof ref !== 'string') return { pointer: p, node };
    p = ref;
  }
  throw new Error(`$ref cycle at ${pointer}`);
}

/**
 * Kraken's endpoint name in lowerCamel: `AddOrder` → `addOrder`, `GetWebSocketsToken` →
 * `getWebSocketsToken`. A leading acronym is lowered whole (`OHLC` → `ohlc`, `OHLCData` → `ohlcData`).
 */
export function lowerCamel(operationId: string): string {
  const parts = operationId.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join('');
  const lead = /^[A-Z]+(?=[A-Z][a-z]|[^A-Za-z]|$)/.exec(joined)?.[0] ?? joined[0]!;
  return lead.toLowerCase() + joined.slice(lead.length);
}

function findResultPointer(doc: JsonObject, pointer: string, where: string): string {
  const { pointer: p, node } = deref(doc, pointer);
  const props = node['properties'];
  if (props && typeof props === 'object' && !Array.isArray(props) && 'result' in props) return `${p}/properties/result`;
  const allOf = node['allOf'];
  if (Array.isArray(allOf)) {
    for (let i = 0; i < allOf.length; i++) {
      try {
        return findResultPointer(doc, `${p}/allOf/${i}`, where);
      } catch {
        /* try the next member */
      }
    }
  }
  throw new Error(`${where}: the 200 response of a Spot operation must be an envelope with a 'result' property`);
}

export function readOperations(doc: JsonObject, source: CodegenSource): OperationModel[] {
  const paths = doc['paths'];
  if (!paths || typeof paths !== 'object' || Array.isArray(paths)) throw new Error(`${source.path}: no paths`);
  const ops: OperationModel[] = [];
  for (const path of Object.keys(paths).sort()) {
    for (const method of METHODS) {
      const opPointer = `#/paths/${escapePointer(path)}/${method.toLowerCase()}`;
      let op: JsonObject;
      try {
        op = deref(doc, opPointer).node;
      } catch {
        continue;
      }
      ops.push(readOperation(doc, source, path, method, opPointer, op));
    }
  }
  const seen = new Map<string, string>();
  for (const op of ops) {
    const prior = seen.get(op.methodName);
    if (prior) throw new Error(`${source.path}: method name ${op.methodName} used by ${prior} and ${op.operationId}`);
    seen.set(op.methodName, op.operationId);
  }
  return ops.sort((a, b) => (a.operationId < b.operationId ? -1 : a.operationId > b.operationId ? 1 : 0));
}

function readOperation(
  doc: JsonObject,
  source: CodegenSource,
  path: string,
  method: HttpMethod,
  opPointer: string,
  op: JsonObject,
): OperationModel {
  const where = `${source.path} ${method} ${path}`;
  const operationId = op['operationId'];
  if (typeof operationId !== 'string') throw new Error(`${where}: operationId is required`);
  const auth = op['x-kraken-auth'];
  if (auth !== 'public' && auth !== 'private') throw new Error(`${where}: x-kraken-auth must be public or private`);
  const cost = op['x-kraken-cost'] ?? 1;
  if (typeof cost !== 'number') throw new Error(`${where}: x-kraken-cost must be a number`);
  const override = op['x-krakenkit-method'];

  let body: BodyKind = 'none';
  let bodyPointer: string | undefined;
  if (op['requestBody'] !== undefined) {
    const rb = deref(doc, `${opPointer}/requestBody`);
    const content = rb.node['content'];
    if (!content || typeof content !== 'object' || Array.isArray(content)) throw new Error(`${where}: requestBody without content`);
    const ct = FORM in content ? FORM : JSON_CT in content ? JSON_CT : undefined;
    if (!ct) throw new Error(`${where}: requestBody must be ${FORM} or ${JSON_CT}`);
    body = ct === FORM ? 'form' : 'json';
    bodyPointer = `${rb.pointer}/content/${escapePointer(ct)}/schema`;
  }

  const queryParams: { name: string; required: boolean; schemaPointer: string }[] = [];
  const pathParams: { name: string; schemaPointer: string }[] = [];
  const params = op['parameters'];
  if (Array.isArray(params)) {
    params.forEach((_p, i) => {
      const { pointer, node } = deref(doc, `${opPointer}/parameters/${i}`);
      const name = node['name'];
      if (typeof name !== 'string') throw new Error(`${where}: parameter ${i} has no name`);
      if (node['in'] === 'path') {
        pathParams.push({ name, schemaPointer: `${pointer}/schema` });
        return;
      }
      if (node['in'] !== 'query')
        throw new Error(`${where}: ${JSON.stringify(node['in'])} parameters are not supported (only query and path)`);
      queryParams.push({ name, required: node['required'] === true, schemaPointer: `${pointer}/schema` });
    });
  }
  for (const m of path.matchAll(/\{([^}]+)\}/g)) {
    if (!pathParams.some((p) => p.name === m[1])) throw new Error(`${where}: path parameter {${m[1]}} is not declared`);
  }
  if (bodyPointer && queryParams.length > 0) throw new Error(`${where}: give parameters either in the query or in the body, not both`);
  if (bodyPointer && pathParams.length > 0) throw new Error(`${where}: path parameters with a request body are not supported`);

  const okPointer = `${opPointer}/responses/200`;
  const ok = deref(doc, okPointer);
  const okContent = ok.node['content'];
  if (!okContent || typeof okContent !== 'object' || Array.isArray(okContent) || !(JSON_CT in okContent)) {
    throw new Error(`${where}: a 200 ${JSON_CT} response is required`);
  }
  const schemaPointer = `${ok.pointer}/content/${escapePointer(JSON_CT)}/schema`;
  const responsePointer = source.envelope === 'spot' ? findResultPointer(doc, schemaPointer, where) : deref(doc, schemaPointer).pointer;

  const clientSupplied = source.envelope === 'spot' && auth === 'private' ? ['nonce'] : [];
  let paramsOptional = pathParams.length === 0 && !queryParams.some((q) => q.required);
  if (bodyPointer) {
    const bodyRequired = deref(doc, bodyPointer).node['required'];
    paramsOptional = !Array.isArray(bodyRequired) || bodyRequired.every((f) => typeof f === 'string' && clientSupplied.includes(f));
  }
  const summary = typeof op['summary'] === 'string' ? op['summary'] : undefined;
  return {
    operationId,
    methodName: typeof override === 'string' ? override : lowerCamel(operationId),
    httpMethod: method,
    path,
    auth,
    cost,
    orderEntry: op['x-kraken-order-entry'] === true,
    body,
    bodyPointer,
    queryParams,
    pathParams,
    responsePointer,
    paramsOptional,
    clientSupplied,
    summary,
  };
}
