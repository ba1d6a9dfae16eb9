/** REST validators: one request and one response validator per operation, as ajv standalone code. */
import type { CodegenSource } from '../sources.js';
import { createAjv, standaloneModuleCode } from './ajv-validators.js';
import type { JsonObject, OperationModel } from './openapi-model.js';
import { openApiResponsePositions, transformSchemaTree } from './schema-transforms.js';

export function identifierFor(operationId: string): string {
  return operationId.replace(/[^A-Za-z0-9_]/g, '_');
}

function requestSchema(op: OperationModel, base: string): JsonObject {
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
  ajv.addSchema(transformSchemaTree(doc, { target: 'validator', openEnums: false }) as object, `${base}/request`);
  if (!coerceForm) {
    ajv.addSchema(transformSchemaTree(doc, { target: 'validator', openEnums: openApiResponsePositions }) as object, `${base}/response`);
  }
  const exportsMap: Record<string, string> = {};
  for (const op of ops) {
    const name = identifierFor(op.operationId);
    const req = requestSchema(op, base);
    ajv.addSchema(req);
    exportsMap[`req_${name}`] = String(req['$id']);
    if (!coerceForm) {
      const resId = `${base}/operation/response/${name}`;
      ajv.addSchema({ $id: resId, $ref: `${base}/response${op.responsePointer}` });
      exportsMap[`res_${name}`] = resId;
    }
  }
  const code = standaloneModuleCode(ajv, exportsMap, 'v_');
  const typeName = `${source.typePrefix}OperationId`;
  const entries = (prefix: string) => ops.map((op) => `  ${JSON.stringify(op.operationId)}: v_${prefix}_${identifierFor(op.operationId)} as unknown as Validator,`).join('\n');
  const typed = coerceForm
    ? [
        '/** Request validators that first coerce form and query strings to integers and booleans (for servers). */',
        `export const formRequestValidators: Readonly<Record<${typeName}, Validator>> = Object.freeze({`,
        entries('req'),
        '});',
      ]
    : [
        '/** Strict request validators, keyed by operationId. The body is validated as sent (Spot: with its nonce). */',
        `export const requestValidators: Readonly<Record<${typeName}, Validator>> = Object.freeze({`,
        entries('req'),
        '});',
        '',
        '/** Tolerant response validators (open enums, unknown fields kept). They normalise decimals to strings in place. */',
        `export const responseValidators: Readonly<Record<${typeName}, Validator>> = Object.freeze({`,
        entries('res'),
        '});',
      ];
  return [
    header,
    '// @ts-nocheck -- ajv standalone output; the typed surface is the exports at the end.',
    `import type { Validator } from '../../src/transport/validation.js';`,
    `import type { ${typeName} } from './routes.gen.js';`,
    code,
    ...typed,
    '',
  ].join('\n');
}
