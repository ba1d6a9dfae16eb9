/**
 * WS validators: incoming messages get tolerant validators (open enums), outgoing messages strict
 * ones. Each set is compiled by its own ajv instance, so a shared definition can be open on the
 * way in and strict on the way out.
 *
 * The exported tables are typed: each entry is a type guard for its message type (by title), and
 * the by-method tables guard the union of a method's messages, so a generic caller indexing with
 * `M` gets `Validator<MethodResponses[M]>` and narrows without a cast.
 */
import type { CodegenSource } from '../sources.js';
import { createAjv, POST_VALIDATION_NOTE, standaloneModuleCode } from './ajv-validators.js';
import type { MessageSchema } from './jsonschema-model.js';
import { transformSchemaTree } from './schema-transforms.js';

function methodKey(method: string): string {
  return `m_${method.replace(/[^A-Za-z0-9_]/g, (c) => `$${c.charCodeAt(0).toString(16)}`)}`;
}

function union(titles: readonly string[]): string {
  return titles.length ? titles.map((t) => JSON.stringify(t)).join(' | ') : 'never';
}

/** Message titles of `direction`, grouped by the method they send or answer (sorted by method). */
function byMethod(mine: readonly MessageSchema[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const m of mine) if (m.method) groups.set(m.method, [...(groups.get(m.method) ?? []), m.title]);
  return [...groups.keys()].sort().map((k) => [k, groups.get(k)!]);
}

export function wsValidatorModule(
  source: CodegenSource,
  messages: readonly MessageSchema[],
  direction: 'in' | 'out',
  header: string,
): string {
  const ajv = createAjv({ dialect: 'draft-07' });
  for (const m of messages) {
    const open = direction === 'in';
    ajv.addSchema(transformSchemaTree(m.schema, { target: 'validator', openEnums: open }));
  }
  const mine = messages.filter((m) => m.direction === direction);
  const exportsMap: Record<string, string> = {};
  for (const m of mine) exportsMap[m.title] = m.id;
  // A method answered by several message kinds gets one validator that accepts any of them.
  const methods = byMethod(mine);
  const base = mine[0]?.id.replace(/\/[^/]*$/, '') ?? '';
  const localFor = new Map<string, string>();
  for (const [method, titles] of methods) {
    if (titles.length === 1) {
      localFor.set(method, `v_${titles[0]!}`);
      continue;
    }
    const id = `${base}/by-method/${encodeURIComponent(method)}`;
    ajv.addSchema({ $id: id, anyOf: titles.map((t) => ({ $ref: mine.find((m) => m.title === t)!.id })) });
    exportsMap[methodKey(method)] = id;
    localFor.set(method, `v_${methodKey(method)}`);
  }
  const code = mine.length > 0 ? standaloneModuleCode(ajv, exportsMap, 'v_') : '';
  const incoming = direction === 'in';
  const name = incoming ? 'incomingValidators' : 'outgoingValidators';
  const titleType = incoming ? 'IncomingTitle' : 'OutgoingTitle';
  const byTitle = `${source.typePrefix}MessagesByTitle`;
  const doc = incoming
    ? 'Tolerant validators for messages we receive (open enums, unknown fields kept), keyed by the schema title.'
    : 'Strict validators for messages we send, keyed by the schema title.';
  const methodTable = incoming
    ? {
        name: 'responseValidators',
        key: 'ResponseMethod',
        map: 'MethodResponses',
        what: 'Validators of the answers to each method (or event) we send, keyed by the method: each accepts any message kind that answers it.',
      }
    : {
        name: 'requestValidators',
        key: 'RequestMethod',
        map: 'MethodRequests',
        what: 'Validators of the request we send for each method (or event), keyed by the method.',
      };
  return [
    header,
    '// @ts-nocheck -- ajv standalone output; the typed surface is the exports at the end, and their',
    '// annotations are the contract: an entry returns true only for data of its type (see below).',
    `import type { Validator } from '../../src/transport/validation.js';`,
    `import type { ${methodTable.key}, ${methodTable.map} } from './routes.gen.js';`,
    `import type { ${byTitle} } from './types.gen.js';`,
    code,
    `/** Titles of the messages we ${incoming ? 'receive' : 'send'}. */`,
    `export type ${titleType} = ${union(mine.map((m) => m.title))};`,
    '',
    '/**',
    ` * ${doc}`,
    ...POST_VALIDATION_NOTE,
    ' */',
    `export const ${name}: { readonly [K in ${titleType}]: Validator<${byTitle}[K]> } = Object.freeze({`,
    ...mine.map((m) => `  ${m.title}: v_${m.title},`),
    '});',
    '',
    '/**',
    ` * ${methodTable.what}`,
    ...POST_VALIDATION_NOTE,
    ' */',
    `export const ${methodTable.name}: { readonly [M in ${methodTable.key}]: Validator<${methodTable.map}[M]> } = Object.freeze({`,
    ...methods.map(([method]) => `  ${JSON.stringify(method)}: ${localFor.get(method)!},`),
    '});',
    '',
  ].join('\n');
}

export function wsValidatorIndexModule(source: CodegenSource, messages: readonly MessageSchema[], header: string): string {
  const titles = messages.filter((m) => m.direction !== 'common').map((m) => m.title);
  const byTitle = `${source.typePrefix}MessagesByTitle`;
  return [
    header,
    `import type { Validator } from '../../src/transport/validation.js';`,
    `import { incomingValidators } from './incoming-validators.gen.js';`,
    `import { outgoingValidators } from './outgoing-validators.gen.js';`,
    `import type { ${byTitle} } from './types.gen.js';`,
    '',
    `export type MessageTitle = ${union(titles)};`,
    '',
    '/** A validator per message title, each a type guard for that message type. */',
    `export type MessageValidators = { readonly [K in MessageTitle]: Validator<${byTitle}[K]> };`,
    '',
    '/**',
    ' * Every message validator, keyed by schema title: tolerant for incoming, strict for outgoing messages.',
    ...POST_VALIDATION_NOTE,
    ' */',
    'export const messageValidators: MessageValidators = Object.freeze({',
    '  ...incomingValidators,',
    '  ...outgoingValidators,',
    '});',
    '',
  ].join('\n');
}
