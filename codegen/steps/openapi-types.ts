/**
 * REST types: openapi-typescript over the decimal- and enum-rewritten document, plus one
 * `<OperationId>Params` and `<OperationId>Result` alias per operation.
 */
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import type { CodegenSource } from '../sources.js';
import type { JsonObject, OperationModel } from './openapi-model.js';
import { identifierFor } from './openapi-validators.js';
import { openApiResponsePositions, transformSchemaTree } from './schema-transforms.js';

const FORM = 'application/x-www-form-urlencoded';

/** `'a' | 'b' | (string & {})`: known values for editors, any string accepted. */
export function openEnumTypeNode(values: readonly string[], nullable: boolean): ts.TypeNode {
  const f = ts.factory;
  const members: ts.TypeNode[] = values.map((v) => f.createLiteralTypeNode(f.createStringLiteral(v)));
  members.push(
    f.createParenthesizedType(
      f.createIntersectionTypeNode([f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword), f.createTypeLiteralNode([])]),
    ),
  );
  if (nullable) members.push(f.createLiteralTypeNode(f.createNull()));
  return f.createUnionTypeNode(members);
}

/** The request as its validator checks it: the body as sent (Spot private: with the nonce), or the query and path parameters. */
function requestType(op: OperationModel): string {
  const opRef = `operations[${JSON.stringify(op.operationId)}]`;
  let t: string;
  if (op.bodyPointer) {
    const ct = op.body === 'form' ? FORM : 'application/json';
    t = `NonNullable<${opRef}['requestBody']>['content'][${JSON.stringify(ct)}]`;
  } else if (op.queryParams.length > 0 || op.pathParams.length > 0) {
    const parts: string[] = [];
    if (op.pathParams.length > 0) parts.push(`${opRef}['parameters']['path']`);
    if (op.queryParams.length > 0) parts.push(`NonNullable<${opRef}['parameters']['query']>`);
    t = parts.join(' & ');
  } else {
    t = 'Record<string, never>';
  }
  return t;
}

function paramsType(op: OperationModel): string {
  const t = requestType(op);
  return op.clientSupplied.length > 0 ? `Omit<${t}, ${op.clientSupplied.map((f) => JSON.stringify(f)).join(' | ')}>` : t;
}

function resultType(op: OperationModel, source: CodegenSource): string {
  const body = `${`operations[${JSON.stringify(op.operationId)}]`}['responses'][200]['content']['application/json']`;
  return source.envelope === 'spot' ? `NonNullable<${body}['result']>` : body;
}

export async function restTypesModule(
  source: CodegenSource,
  doc: JsonObject,
  ops: readonly OperationModel[],
  header: string,
): Promise<string> {
  const typesDoc = transformSchemaTree(doc, { target: 'types', openEnums: openApiResponsePositions });
  const ast = await openapiTS(typesDoc as never, {
    silent: true,
    transform(schemaObject) {
      const open = (schemaObject as Record<string, unknown>)['x-krakenkit-open-enum'];
      if (!Array.isArray(open)) return undefined;
      const type = (schemaObject as Record<string, unknown>)['type'];
      return openEnumTypeNode(open as string[], Array.isArray(type) && type.includes('null'));
    },
  });
  const aliases = ops.flatMap((op) => {
    const id = identifierFor(op.operationId);
    const pascal = id[0]!.toUpperCase() + id.slice(1);
    return [
      `/** Parameters of ${op.operationId} (${op.httpMethod} ${op.path})${op.clientSupplied.length ? `, without ${op.clientSupplied.join(', ')} (the client adds it)` : ''}. */`,
      `export type ${pascal}Params = ${paramsType(op)};`,
      `/** The typed result of ${op.operationId}${source.envelope === 'spot' ? " (the envelope's `result`)" : ''}. */`,
      `export type ${pascal}Result = ${resultType(op, source)};`,
    ];
  });
  const maps = [
    `/** Every operation's request as its request validator checks it${source.envelope === 'spot' ? ' (private calls: with the nonce the client adds)' : ''}, keyed by operationId. */`,
    `export interface ${source.typePrefix}Requests {`,
    ...ops.map(
      (op) =>
        `  ${JSON.stringify(op.operationId)}: ${op.clientSupplied.length > 0 ? requestType(op) : `${pascalFor(op.operationId)}Params`};`,
    ),
    '}',
    '',
    `/** Every operation's typed result, keyed by operationId: the type after validation (decimals as strings). */`,
    `export interface ${source.typePrefix}Results {`,
    ...ops.map((op) => `  ${JSON.stringify(op.operationId)}: ${pascalFor(op.operationId)}Result;`),
    '}',
  ];
  const taken = new Set([
    ...ops.flatMap((op) => [`${pascalFor(op.operationId)}Params`, `${pascalFor(op.operationId)}Result`]),
    `${source.typePrefix}Requests`,
    `${source.typePrefix}Results`,
  ]);
  const schemas = (doc['components'] as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {};
  const components = Object.keys(schemas)
    .filter((name) => /^[A-Z][A-Za-z0-9]*$/.test(name) && !taken.has(name))
    .map((name) => `export type ${name} = components['schemas'][${JSON.stringify(name)}];`);
  return [
    header,
    astToString(ast).trimEnd(),
    '',
    '// ---- per-operation aliases ----',
    ...aliases,
    '',
    '// ---- per-operation maps ----',
    ...maps,
    '',
    '// ---- named component schemas ----',
    ...components,
    '',
  ].join('\n');
}

export function pascalFor(operationId: string): string {
  const id = identifierFor(operationId);
  return id[0]!.toUpperCase() + id.slice(1);
}
