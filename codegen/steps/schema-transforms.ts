/**
 * Pure rewrites of schema trees before they reach a generator.
 *
 * - `format: decimal` (on `type: string` or `type: number`) becomes, for validators, the
 *   `decimal` keyword (accepts a decimal string or a safe integer and normalises to a string),
 *   and, for types, `type: string`.
 * - Response enums are open: validators drop the `enum` (a wrong *type* still fails) and types
 *   carry the known values in `x-krakenkit-open-enum` for a `'a' | 'b' | (string & {})` union.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

/** Keys whose values are data, not schemas: never rewritten. */
const DATA_KEYS = new Set(['example', 'examples', 'const', 'default', 'enum', 'x-krakenkit-open-enum']);

export interface TransformOptions {
  /** Which rewrite to apply. */
  readonly target: 'validator' | 'types';
  /** Open string enums (responses, incoming messages). */
  readonly openEnums: boolean | ((path: readonly string[]) => boolean);
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typesOf(node: JsonObject): string[] {
  const t = node['type'];
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

function rewriteDecimal(node: JsonObject, target: TransformOptions['target']): JsonObject {
  const nullable = typesOf(node).includes('null');
  const { type: _type, format: _format, ...rest } = node;
  if (target === 'types') return { ...rest, type: nullable ? ['string', 'null'] : 'string', format: 'decimal' };
  if (!nullable) return { ...rest, decimal: true };
  return { ...rest, anyOf: [{ decimal: true }, { type: 'null' }] };
}

function rewriteOpenEnum(node: JsonObject, target: TransformOptions['target']): JsonObject {
  const values = node['enum'];
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string' || v === null)) return node;
  const { enum: _enum, ...rest } = node;
  const nullable = values.includes(null) || typesOf(node).includes('null');
  const type: Json = nullable ? ['string', 'null'] : 'string';
  if (target === 'validator') return { ...rest, type };
  return { ...rest, type, 'x-krakenkit-open-enum': values.filter((v) => v !== null) };
}

export function transformSchemaTree<T>(root: T, options: TransformOptions): T {
  const open = options.openEnums;
  const walk = (value: Json, path: string[]): Json => {
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, String(i)]));
    if (!isObject(value)) return value;
    let node: JsonObject = {};
    for (const [k, v] of Object.entries(value)) node[k] = DATA_KEYS.has(k) ? v : walk(v, [...path, k]);
    if (node['format'] === 'decimal') node = rewriteDecimal(node, options.target);
    const openHere = typeof open === 'function' ? open(path) : open;
    if (openHere && Array.isArray(node['enum'])) node = rewriteOpenEnum(node, options.target);
    return node;
  };
  return walk(root as Json, []) as T;
}

/** OpenAPI: enums inside request bodies and parameters stay strict; all others are open. */
export function openApiResponsePositions(path: readonly string[]): boolean {
  return !(path.includes('requestBody') || path.includes('parameters'));
}
