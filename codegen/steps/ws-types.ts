/**
 * WS types with json-schema-to-typescript. The folder's files are bundled into one schema whose
 * `definitions` hold every message (by title) and every shared definition, with `$ref`s
 * rewritten to local pointers, so that no resolver ever reaches for a URL.
 */
import { compile } from 'json-schema-to-typescript';
import type { CodegenSource } from '../sources.js';
import type { JsonObject, MessageSchema } from './jsonschema-model.js';
import { transformSchemaTree } from './schema-transforms.js';

type Json = JsonObject[string];

function localName(m: MessageSchema, def: string): string {
  return m.direction === 'common' ? def : `${m.title}${def[0]!.toUpperCase()}${def.slice(1)}`;
}

function rewriteRefs(all: readonly MessageSchema[], from: MessageSchema, node: Json): Json {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(all, from, n));
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') {
      const [file, fragment = ''] = v.split('#');
      const owner = file ? all.find((m) => m.file === file || m.id.endsWith(`/${file}`)) : from;
      if (!owner) throw new Error(`${from.file}: $ref to unknown file ${v}`);
      const parts = fragment.split('/').filter(Boolean);
      if (parts.length === 0) out[k] = `#/definitions/${owner.title}`;
      else if (parts[0] === 'definitions' && parts.length === 2) out[k] = `#/definitions/${localName(owner, parts[1]!)}`;
      else throw new Error(`${from.file}: unsupported $ref ${v} (point at a file or at #/definitions/<Name>)`);
    } else if (k === '$id' || k === '$schema') {
      continue;
    } else {
      out[k] = rewriteRefs(all, from, v);
    }
  }
  return out;
}

function typesTransform(m: MessageSchema, node: Json, open: boolean): Json {
  const t = transformSchemaTree(node, { target: 'types', openEnums: open });
  return withTsTypes(t);
}

/** Carries the open-enum and decimal decisions into json-schema-to-typescript's `tsType`. */
function withTsTypes(node: Json): Json {
  if (Array.isArray(node)) return node.map(withTsTypes);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'x-krakenkit-open-enum' || k === 'enum' || k === 'const' ? v : withTsTypes(v);
  const open = out['x-krakenkit-open-enum'];
  const nullable = Array.isArray(out['type']) && out['type'].includes('null');
  if (Array.isArray(open)) {
    out['tsType'] = [...open.map((v) => JSON.stringify(v)), '(string & {})', ...(nullable ? ['null'] : [])].join(' | ');
  } else if (out['format'] === 'decimal') {
    out['tsType'] = nullable ? 'string | null' : 'string';
  }
  return out;
}

export async function wsTypesModule(source: CodegenSource, messages: readonly MessageSchema[], header: string): Promise<string> {
  const definitions: JsonObject = {};
  const put = (name: string, schema: Json, file: string) => {
    if (name in definitions) throw new Error(`${source.path}/${file}: type name ${name} is defined twice`);
    definitions[name] = schema;
  };
  for (const m of messages) {
    const open = m.direction !== 'out';
    const defs = m.schema['definitions'];
    if (defs && typeof defs === 'object' && !Array.isArray(defs)) {
      for (const [def, schema] of Object.entries(defs)) {
        const named =
          typeof schema === 'object' && schema !== null && !Array.isArray(schema) && !('title' in schema)
            ? { ...schema, title: localName(m, def) }
            : schema;
        put(localName(m, def), typesTransform(m, rewriteRefs(messages, m, named), open), m.file);
      }
    }
    if (m.direction === 'common') continue;
    const { definitions: _d, ...body } = m.schema;
    put(m.title, typesTransform(m, rewriteRefs(messages, m, body), open), m.file);
  }
  const bundle = { title: `${source.typePrefix}Messages`, type: 'object', definitions, additionalProperties: false } as const;
  const ts = await compile(bundle as never, `${source.typePrefix}Messages`, {
    bannerComment: '',
    additionalProperties: false,
    unreachableDefinitions: true,
    declareExternallyReferenced: true,
    strictIndexSignatures: true,
    // maxItems on an array of objects would otherwise expand into huge tuple types.
    ignoreMinAndMaxItems: true,
    format: true,
    style: { singleQuote: true, printWidth: 120 },
    $refOptions: { resolve: { http: false, file: false } },
  });
  // The bundle wrapper type itself is noise: drop it.
  const cleaned = ts.replace(new RegExp(`export interface ${source.typePrefix}Messages \\{\\}\\n*`), '');
  return `${header}\n${cleaned.trim()}\n\n${messagesByTitle(source, messages)}`;
}

/** The title → type map that the typed validator tables and route types index. */
function messagesByTitle(source: CodegenSource, messages: readonly MessageSchema[]): string {
  const titles = messages.filter((m) => m.direction !== 'common').map((m) => m.title);
  return [
    '/**',
    ' * Every message type, keyed by its schema title. These are the types after validation: decimals',
    ' * are strings (the validators rewrite a decimal given as a JSON number into its text).',
    ' */',
    `export interface ${source.typePrefix}MessagesByTitle {`,
    ...titles.map((t) => `  ${t}: ${t};`),
    '}',
    '',
  ].join('\n');
}
