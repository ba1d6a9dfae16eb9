/**
 * The route table (data) and the typed method interface of a REST source. The hand-written
 * raw clients interpret the table; the interface gives each method its exact types.
 * ts-morph owns the structure of both files.
 */
import { Project, VariableDeclarationKind, type SourceFile } from 'ts-morph';
import type { CodegenSource } from '../sources.js';
import type { OperationModel } from './openapi-model.js';
import { pascalFor } from './openapi-types.js';

function newFile(name: string): SourceFile {
  const project = new Project({ useInMemoryFileSystem: true });
  return project.createSourceFile(name, '', { overwrite: true });
}

export function restRoutesModule(source: CodegenSource, ops: readonly OperationModel[], header: string): string {
  const file = newFile('routes.gen.ts');
  file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: '../../src/transport/rest-route.js', namedImports: ['RestRoute'] });
  const varName = `${source.typePrefix[0]!.toLowerCase()}${source.typePrefix.slice(1)}Routes`;
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [`Every ${source.name} operation: how to call it and what it costs. Keyed by Kraken's operationId.`],
    declarations: [
      {
        name: varName,
        initializer: (w) => {
          w.write('').inlineBlock(() => {
            for (const op of ops) {
              const route = {
                operationId: op.operationId,
                methodName: op.methodName,
                method: op.httpMethod,
                path: op.path,
                auth: op.auth,
                body: op.body,
                cost: op.cost,
                orderEntry: op.orderEntry,
                clientSupplied: op.clientSupplied,
                pathParams: op.pathParams.map((p) => p.name),
              };
              w.writeLine(`${JSON.stringify(op.operationId)}: ${JSON.stringify(route)},`);
            }
          });
          w.write(' as const satisfies Readonly<Record<string, RestRoute>>');
        },
      },
    ],
  });
  file.addTypeAlias({ isExported: true, name: `${source.typePrefix}OperationId`, type: `keyof typeof ${varName}` });
  return `${header}\n${file.getFullText()}`;
}

export function restClientModule(source: CodegenSource, ops: readonly OperationModel[], header: string): string {
  const file = newFile('client.gen.ts');
  file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: '../../src/transport/rest-route.js', namedImports: ['CallOptions'] });
  const typeNames = ops.flatMap((op) => [`${pascalFor(op.operationId)}Params`, `${pascalFor(op.operationId)}Result`]);
  file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: './types.gen.js', namedImports: typeNames });
  file.addInterface({
    isExported: true,
    name: `${source.typePrefix}Methods`,
    docs: [`One method per ${source.name} endpoint, named after Kraken's endpoint. Resolves to the typed result.`],
    methods: ops.map((op) => {
      const p = pascalFor(op.operationId);
      const optional = op.paramsOptional;
      return {
        name: op.methodName,
        docs: [
          `${op.summary ? `${op.summary}\n\n` : ''}\`${op.httpMethod} ${op.path}\` (${op.auth}${op.orderEntry ? ', order entry: never retried blindly' : ''}).`,
        ],
        parameters: [
          { name: 'params', type: `${p}Params`, hasQuestionToken: optional },
          { name: 'options', type: 'CallOptions', hasQuestionToken: true },
        ],
        returnType: `Promise<${p}Result>`,
      };
    }),
  });
  return `${header}\n${file.getFullText()}`;
}
