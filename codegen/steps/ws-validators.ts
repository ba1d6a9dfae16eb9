/**
 * WS validators: incoming messages get tolerant validators (open enums), outgoing messages strict
 * ones. Each set is compiled by its own ajv instance, so a shared definition can be open on the
 * way in and strict on the way out.
 */
import type { CodegenSource } from '../sources.js';
import { createAjv, standaloneModuleCode } from './ajv-validators.js';
import type { MessageSchema } from './jsonschema-model.js';
import { transformSchemaTree } from './schema-transforms.js';

export function wsValidatorModule(source: CodegenSource, messages: readonly MessageSchema[], direction: 'in' | 'out', header: string): string {
  const ajv = createAjv({ dialect: 'draft-07' });
  for (const m of messages) {
    const open = direction === 'in';
    ajv.addSchema(transformSchemaTree(m.schema, { target: 'validator', openEnums: open }) as object);
  }
  const mine = messages.filter((m) => m.direction === direction);
  const exportsMap: Record<string, string> = {};
  for (const m of mine) exportsMap[m.title] = m.id;
  const code = mine.length > 0 ? standaloneModuleCode(ajv, exportsMap, 'v_') : '';
  const name = direction === 'in' ? 'incomingValidators' : 'outgoingValidators';
  const doc = direction === 'in'
    ? 'Tolerant validators for messages we receive (open enums, unknown fields kept); they normalise decimals to strings in place.'
    : 'Strict validators for messages we send.';
  return [
    header,
    '// @ts-nocheck -- ajv standalone output; the typed surface is the export at the end.',
    `import type { Validator } from '../../src/transport/validation.js';`,
    code,
    `/** ${doc} Keyed by the schema title. */`,
    `export const ${name}: Readonly<Record<string, Validator>> = Object.freeze({`,
    ...mine.map((m) => `  ${m.title}: v_${m.title} as unknown as Validator,`),
    '});',
    '',
  ].join('\n');
}

export function wsValidatorIndexModule(messages: readonly MessageSchema[], header: string): string {
  const titles = messages.filter((m) => m.direction !== 'common').map((m) => m.title);
  return [
    header,
    `import type { Validator } from '../../src/transport/validation.js';`,
    `import { incomingValidators } from './incoming-validators.gen.js';`,
    `import { outgoingValidators } from './outgoing-validators.gen.js';`,
    '',
    `export type MessageTitle = ${titles.length ? titles.map((t) => JSON.stringify(t)).join(' | ') : 'never'};`,
    '',
    '/** Every message validator, keyed by schema title: tolerant for incoming, strict for outgoing messages. */',
    'export const messageValidators: Readonly<Record<MessageTitle, Validator>> = Object.freeze({',
    '  ...incomingValidators,',
    '  ...outgoingValidators,',
    '} as Record<MessageTitle, Validator>);',
    '',
  ].join('\n');
}
