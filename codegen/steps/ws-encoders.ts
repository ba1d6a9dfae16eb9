/**
 * Typed encoders for every outgoing WS message. The generated part is data (which fields are
 * decimals that Kraken wants as bare JSON numbers); `src/transport/ws-encode.ts` does the work.
 */
import { Project, VariableDeclarationKind } from 'ts-morph';
import type { CodegenSource } from '../sources.js';
import { resolveRef, type JsonObject, type MessageSchema } from './jsonschema-model.js';

type Json = JsonObject[string];

function isObj(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Paths (with `*` for any item or key) of `type: number, format: decimal` fields. */
export function bareDecimalPaths(all: readonly MessageSchema[], m: MessageSchema): string[][] {
  const found = new Map<string, string[]>();
  const visit = (owner: MessageSchema, node: Json | undefined, path: string[], depth: number): void => {
    if (!isObj(node) || depth > 16) return;
    const ref = node['$ref'];
    if (typeof ref === 'string') {
      const r = resolveRef(all, owner, ref);
      visit(r.owner, r.node, path, depth + 1);
      return;
    }
    const type = node['type'];
    const numeric = type === 'number' || (Array.isArray(type) && type.includes('number'));
    if (numeric && node['format'] === 'decimal') found.set(path.join('\u0001'), path);
    const props = node['properties'];
    if (isObj(props)) for (const [k, v] of Object.entries(props)) visit(owner, v, [...path, k], depth + 1);
    if (isObj(node['items'])) visit(owner, node['items'], [...path, '*'], depth + 1);
    if (isObj(node['additionalProperties'])) visit(owner, node['additionalProperties'], [...path, '*'], depth + 1);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      const list = node[key];
      if (Array.isArray(list)) for (const sub of list) visit(owner, sub, path, depth + 1);
    }
  };
  visit(m, m.schema, [], 0);
  return [...found.keys()].sort().map((k) => found.get(k)!);
}

export function wsEncodersModule(source: CodegenSource, messages: readonly MessageSchema[], header: string): string {
  const outgoing = messages.filter((m) => m.direction === 'out');
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile('encoders.gen.ts', '', { overwrite: true });
  file.addImportDeclaration({ moduleSpecifier: '../../src/transport/ws-encode.js', namedImports: ['encodeWsMessage'] });
  file.addImportDeclaration({ moduleSpecifier: './outgoing-validators.gen.js', namedImports: ['outgoingValidators'] });
  if (outgoing.length > 0) {
    file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: './types.gen.js', namedImports: outgoing.map((m) => m.title) });
  }
  for (const m of outgoing) {
    const paths = bareDecimalPaths(messages, m);
    file.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: `${m.title}DecimalPaths`, type: 'readonly (readonly string[])[]', initializer: JSON.stringify(paths) }],
    });
    file.addFunction({
      isExported: true,
      name: `encode${m.title}`,
      docs: [
        `Validates a ${m.title}${m.method ? ` (\`${m.method}\`)` : ''} and returns its exact wire text.` +
          (paths.length ? ' Decimal fields given as strings are written as bare JSON numbers, digit for digit.' : ''),
      ],
      parameters: [{ name: 'message', type: m.title }],
      returnType: 'string',
      statements: [
        `return encodeWsMessage(message, outgoingValidators.${m.title}, ${m.title}DecimalPaths, ${JSON.stringify(`${source.name} ${m.title}`)});`,
      ],
    });
  }
  return `${header}\n${file.getFullText()}`;
}

export function wsRoutesModule(source: CodegenSource, messages: readonly MessageSchema[], header: string): string {
  const byChannel: Record<string, string[]> = {};
  const responsesByMethod: Record<string, string[]> = {};
  const requestsByMethod: Record<string, string> = {};
  for (const m of messages) {
    if (m.direction === 'in' && m.channel) (byChannel[m.channel] ??= []).push(m.title);
    if (m.direction === 'in' && m.method) (responsesByMethod[m.method] ??= []).push(m.title);
    if (m.direction === 'out' && m.method) {
      if (requestsByMethod[m.method]) throw new Error(`${source.path}: two outgoing schemas for ${m.method}`);
      requestsByMethod[m.method] = m.title;
    }
  }
  const sorted = <T>(o: Record<string, T>) =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]!]),
    );
  const byTitle = `${source.typePrefix}MessagesByTitle`;
  const lines = [
    header,
    `import type { ${byTitle} } from './types.gen.js';`,
    '',
    `/** Incoming message titles by ${source.name === 'futures-ws' ? '`feed`' : '`channel`'}. */`,
    `export const incomingByChannel = ${JSON.stringify(sorted(byChannel), null, 2)} as const;`,
    '',
    '/** Incoming response titles by the method (or event) they answer. */',
    `export const responsesByMethod = ${JSON.stringify(sorted(responsesByMethod), null, 2)} as const;`,
    '',
    '/** The outgoing request title for each method (or event). */',
    `export const requestsByMethod = ${JSON.stringify(sorted(requestsByMethod), null, 2)} as const;`,
    '',
    'export type IncomingChannel = keyof typeof incomingByChannel;',
    'export type ResponseMethod = keyof typeof responsesByMethod;',
    'export type RequestMethod = keyof typeof requestsByMethod;',
    '',
    '/** The message types each channel (or feed) carries, as they are after validation (decimals as strings). */',
    `export type ChannelMessages = { [C in IncomingChannel]: ${byTitle}[(typeof incomingByChannel)[C][number]] };`,
    '',
    '/** The message types that answer each method (or event), as they are after validation. */',
    `export type MethodResponses = { [M in ResponseMethod]: ${byTitle}[(typeof responsesByMethod)[M][number]] };`,
    '',
    '/** The request message of each method (or event). */',
    `export type MethodRequests = { [M in RequestMethod]: ${byTitle}[(typeof requestsByMethod)[M]] };`,
    '',
  ];
  return lines.join('\n');
}
