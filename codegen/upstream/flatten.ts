/**
 * Flattens a (fully resolved) JSON Schema into field paths -> wire types, so two schemas written
 * in different styles (Kraken's OpenAPI 3.0 `nullable`, `oneOf` items; our 3.1 type arrays,
 * `prefixItems` tuples, `format: decimal`) can be compared field by field.
 *
 * Path notation: `descr.order`, `{*}` for map values (`additionalProperties`), `[]` for array
 * items. A tuple (`prefixItems`) yields `[0]`, `[1]`, … and also a `[]` entry holding the union of
 * its element types, so it can be matched against a homogeneous upstream `items`.
 */

export type WireType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface FieldShape {
  /** Wire types accepted; empty means "any" (no `type` given). */
  readonly types: ReadonlySet<WireType>;
  /** `format: decimal` (ours) — a decimal carried as a string or a number. */
  readonly decimal: boolean;
  /** Enum values, when the schema lists them. */
  readonly enumValues?: readonly string[];
  /** Any other `format` (e.g. Kraken's `int64` on the nonce). */
  readonly format?: string;
}

export type FieldMap = Map<string, FieldShape>;

type Schema = Record<string, unknown>;

const MAX_DEPTH = 12;
const WIRE_TYPES: ReadonlySet<string> = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(base: string, key: string): string {
  if (key.startsWith('[')) return `${base}${key}`;
  return base === '' ? key : `${base}.${key}`;
}

interface Accumulator {
  types: Set<WireType>;
  decimal: boolean;
  enumValues: Set<string> | undefined;
  untyped: boolean;
  format: string | undefined;
}

function ownShape(schema: Schema, acc: Accumulator): void {
  const type = schema['type'];
  const list = typeof type === 'string' ? [type] : Array.isArray(type) ? type : [];
  let typed = false;
  for (const t of list) {
    if (typeof t === 'string' && WIRE_TYPES.has(t)) {
      acc.types.add(t as WireType);
      typed = true;
    }
  }
  if (schema['nullable'] === true) acc.types.add('null');
  if (schema['format'] === 'decimal') acc.decimal = true;
  else if (typeof schema['format'] === 'string') acc.format = schema['format'];
  const values = schema['enum'];
  if (Array.isArray(values)) {
    acc.enumValues ??= new Set();
    for (const v of values) if (typeof v === 'string') acc.enumValues.add(v);
  }
  // Structural keywords imply a type even where `type` is omitted (common in Kraken's files).
  if (!typed) {
    if (isSchema(schema['properties']) || isSchema(schema['additionalProperties'])) acc.types.add('object');
    else if (schema['items'] !== undefined || Array.isArray(schema['prefixItems'])) acc.types.add('array');
    else if (!['oneOf', 'anyOf', 'allOf'].some((k) => Array.isArray(schema[k]))) acc.untyped = true;
  }
}

/** The schema and every branch of its allOf/oneOf/anyOf, recursively. */
function branches(schema: Schema, depth = 0): Schema[] {
  const out: Schema[] = [schema];
  if (depth > MAX_DEPTH) return out;
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const b of list) if (isSchema(b)) out.push(...branches(b, depth + 1));
  }
  return out;
}

function record(map: FieldMap, path: string, acc: Accumulator): void {
  const prev = map.get(path);
  const types = new Set<WireType>(acc.untyped ? [] : acc.types);
  const untyped = acc.untyped || (prev !== undefined && prev.types.size === 0);
  if (prev) for (const t of prev.types) types.add(t);
  const enumValues =
    acc.enumValues || prev?.enumValues ? [...new Set([...(prev?.enumValues ?? []), ...(acc.enumValues ?? [])])].sort() : undefined;
  map.set(path, {
    types: untyped ? new Set() : types,
    decimal: acc.decimal || (prev?.decimal ?? false),
    ...(enumValues ? { enumValues } : {}),
    ...((acc.format ?? prev?.format) ? { format: (acc.format ?? prev?.format)! } : {}),
  });
}

function walk(schema: Schema, path: string, map: FieldMap, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (schema['x-cycle'] === true) {
    // A recursive reference: the field exists, its shape is the enclosing one; don't descend.
    if (path !== '') record(map, path, { types: new Set(), decimal: false, enumValues: undefined, untyped: true, format: undefined });
    return;
  }
  const parts = branches(schema);
  const acc: Accumulator = { types: new Set(), decimal: false, enumValues: undefined, untyped: false, format: undefined };
  for (const part of parts) ownShape(part, acc);
  // A schema with branches has no own type only when every branch is untyped.
  if (acc.types.size > 0 || acc.decimal) acc.untyped = false;
  if (path !== '') record(map, path, acc);

  for (const part of parts) {
    const props = part['properties'];
    if (isSchema(props)) {
      for (const [name, sub] of Object.entries(props)) if (isSchema(sub)) walk(sub, join(path, name), map, depth + 1);
    }
    const extra = part['additionalProperties'];
    if (isSchema(extra)) walk(extra, join(path, '{*}'), map, depth + 1);
    const items = part['items'];
    if (isSchema(items)) walk(items, join(path, '[]'), map, depth + 1);
    const tuple = part['prefixItems'];
    if (Array.isArray(tuple)) {
      tuple.forEach((element, i) => {
        if (isSchema(element)) walk(element, join(path, `[${i}]`), map, depth + 1);
      });
      const union = tuple.filter(isSchema);
      if (union.length > 0) walk({ anyOf: union }, join(path, '[]'), map, depth + 1);
    }
  }
}

/** Field paths of `schema` (the root itself is not listed). */
export function flattenSchema(schema: unknown): FieldMap {
  const map: FieldMap = new Map();
  if (isSchema(schema)) walk(schema, '', map, 0);
  return map;
}

/** Adds the fields of `schema` under `prefix` (e.g. a request parameter's name) to `map`. */
export function addFlattened(map: FieldMap, prefix: string, schema: unknown): void {
  if (!isSchema(schema)) return;
  walk(schema, prefix, map, 0);
}

export function describeShape(shape: FieldShape): string {
  const types = shape.types.size === 0 ? 'any' : [...shape.types].sort().join('|');
  return shape.decimal ? `${types}+decimal` : types;
}
