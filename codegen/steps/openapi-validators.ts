/** REST validators: one request and one response validator per operation, as ajv standalone code. */
import type { CodegenSource } from '../sources.js';
import { createAjv, POST_VALIDATION_NOTE, standaloneModuleCode } from './ajv-validators.js';
import type { JsonObject, OperationModel } from './openapi-model.js';
import { openApiResponsePositions, transformSchemaTree } from './schema-transforms.js';

export function identifierFor(operationId: string): string {
  return operationId.replace(/[^A-Za-z0-9_]/g, '_');
}

function requestSchema(op: OperationModel, base: string): JsonObject & { $id: string } {
  const id = `${base}/operation/request/${identifierFor(op.operationId)}`;
  if (op.bodyPointer) return { $id: id, $ref: `${base}/request${op.bodyPointer}` };
  const properties: JsonObject = {};
  for (const p of op.pathParams) properties[p.name] = { $ref: `${base}/request${p.schemaPointer}` };
  for (const p of op.queryParams) properties[p.name] = { $ref: `${base}/request${p.schemaPointer}` };
  return {
    $id: id,
    type: 'object',
    properties,
    required: [...op.pathParams.map((p) => p.name), ...op.queryParams.filter((p) => p.required).map((p) => p.name)],
    additionalProperties: false,
  };
}

export interface ValidatorModuleInput {
  readonly source: CodegenSource;
  readonly doc: JsonObject;
  readonly ops: readonly OperationModel[];
  readonly header: string;
  /** `true`: form/query strings are coerced to the schema's integers and booleans (simulator side). */
  readonly coerceForm: boolean;
}

export function restValidatorModule(input: ValidatorModuleInput): string {
  const { source, doc, ops, header, coerceForm } = input;
  const base = `https://krakenkit.dev/openapi/${source.name}`;
  const ajv = createAjv({ dialect: '2020', coerceTypes: coerceForm });
  ajv.addSchema(transformSchemaTree(doc, { target: 'validator', openEnums: false }), `${base}/request`);
  if (!coerceForm) {
    ajv.addSchema(transformSchemaTree(doc, { target: 'validator', openEnums: openApiResponsePositions }), `${base}/response`);
  }
  const exportsMap: Record<string, string> = {};
  for (const op of ops) {
    const name = identifierFor(op.operationId);
    const req = requestSchema(op, base);
    ajv.addSchema(req);
    exportsMap[`req_${name}`] = req.$id;
    if (!coerceForm) {
      const resId = `${base}/operation/response/${name}`;
      ajv.addSchema({ $id: resId, $ref: `${base}/response${op.responsePointer}` });
      exportsMap[`res_${name}`] = resId;
    }
  }
  const code = standaloneModuleCode(ajv, exportsMap, 'v_');
  const typeName = `${source.typePrefix}OperationId`;
  const requests = `${source.typePrefix}Requests`;
  const results = `${source.typePrefix}Results`;
  const entries = (prefix: string) =>
    ops.map((op) => `  ${JSON.stringify(op.operationId)}: v_${prefix}_${identifierFor(op.operationId)},`).join('\n');
  const table = (name: string, map: string, doc: string[]) => [
    '/**',
    ...doc.map((d) => ` * ${d}`),
    ...POST_VALIDATION_NOTE,
    ' */',
    `export const ${name}: { readonly [K in ${typeName}]: Validator<${map}[K]> } = Object.freeze({`,
  ];
  const typed = coerceForm
    ? [
        ...table('formRequestValidators', requests, [
          'Request validators that first coerce form and query strings to integers and booleans (for servers).',
          'The guarded type is the request after that coercion.',
        ]),
        entries('req'),
        '});',
      ]
    : [
        ...table('requestValidators', requests, [
          'Strict request validators, keyed by operationId. The body is validated as sent (Spot: with its nonce).',
        ]),
        entries('req'),
        '});',
        '',
        ...table('responseValidators', results, ['Tolerant response validators (open enums, unknown fields kept), keyed by operationId.']),
        entries('res'),
        '});',
      ];
  return [
    header,
    '// @ts-nocheck -- ajv standalone output; the typed surface is the exports at the end, and their',
    '// annotations are the contract: an entry returns true only for data of its type (see below).',
    `import type { Validator } from '../../src/transport/validation.js';`,
    `import type { ${typeName} } from './routes.gen.js';`,
    `import type { ${coerceForm ? requests : `${requests}, ${results}`} } from './types.gen.js';`,
    code,
    ...typed,
    '',
  ].join('\n');
}
