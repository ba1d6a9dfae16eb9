/**
 * ajv standalone validators: compiled at codegen time into plain code, so the runtime ships no
 * schema compiler. One custom keyword, `decimal`, implements `format: decimal` (see
 * schema-transforms.ts): it accepts a decimal string or a safe integer and rewrites a number into
 * its string in place, so every decimal reaches the domain as exact text.
 */
import Ajv2020Module from 'ajv/dist/2020.js';
import AjvModule, { _, type KeywordCxt, type Options } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';

type AjvInstance = InstanceType<typeof AjvModule.default>;
const Ajv2020 = (Ajv2020Module as unknown as { default: typeof AjvModule.default }).default;
const Ajv07 = AjvModule.default;
const standaloneCode = (standaloneModule as unknown as { default: (ajv: AjvInstance, refs: Record<string, string>) => string }).default;

// An exponent is allowed (Futures numbers such as -6.2604214e-11) but bounded to ±64, as the book
// decoders bound it: `1e400` or `1e-400` is no price, and must not reach the domain as one.
const DECIMAL_RE = _`/^-?\\d+(\\.\\d+)?([eE][+-]?0*([0-5]?\\d|6[0-4]))?$/`;

export function addDecimalKeyword(ajv: AjvInstance): void {
  ajv.addKeyword({
    keyword: 'decimal',
    schemaType: 'boolean',
    error: { message: 'must be a decimal (string of digits, or an integer)' },
    code(cxt: KeywordCxt) {
      const { gen, data, it } = cxt;
      cxt.fail(
        _`!((typeof ${data} == "string" && ${DECIMAL_RE}.test(${data})) || (typeof ${data} == "number" && Number.isSafeInteger(${data})))`,
      );
      if (it.parentData !== undefined && it.dataLevel > 0) {
        gen.if(_`typeof ${data} == "number"`, () => gen.assign(_`${it.parentData}[${it.parentDataProperty}]`, _`String(${data})`));
      }
    },
  });
}

/**
 * The doc lines every typed validator table carries: what its guarded types mean. The guard is
 * about the data *after* the call, because the decimal keyword rewrites it in place.
 */
export const POST_VALIDATION_NOTE: readonly string[] = [
  ' * Each entry is a type guard for its type *as the data is after the call*: a `format: decimal`',
  ' * field may arrive as decimal text or as a safe integer, and the validator rewrites it in place to',
  " * its decimal text, so the guarded type says `string`. On false, the entry's `errors` say why.",
];

export interface AjvBuildOptions {
  readonly dialect: '2020' | 'draft-07';
  /** Form and query bodies arrive as strings: coerce integers and booleans (simulator side). */
  readonly coerceTypes?: boolean;
}

export function createAjv(options: AjvBuildOptions): AjvInstance {
  const opts: Options = {
    code: { source: true, esm: true, lines: false, optimize: true },
    strict: false,
    validateFormats: false,
    allErrors: false,
    coerceTypes: options.coerceTypes ?? false,
    unicodeRegExp: false,
  };
  const ajv = options.dialect === '2020' ? new Ajv2020(opts) : new Ajv07(opts);
  addDecimalKeyword(ajv);
  return ajv;
}

/**
 * Standalone ESM code for `exports` (export name → schema id), rewritten so that it runs as
 * an ES module: ajv's `require()` of its runtime helpers becomes `import`.
 */
export function standaloneModuleCode(ajv: AjvInstance, exports: Record<string, string>, localPrefix: string): string {
  const rt = 'rt_';
  let code = standaloneCode(ajv, exports);
  const imports: string[] = [];
  code = code.replace(/const (\w+) = require\("([^"]+)"\)\.default;/g, (_m, local: string, mod: string) => {
    const spec = mod.endsWith('.js') ? mod : `${mod}.js`;
    imports.push(`import ${rt}${local} from "${spec}";`);
    return `const ${local} = ${rt}${local}.default ?? ${rt}${local};`;
  });
  if (/require\(/.test(code)) throw new Error('ajv standalone code still requires a module: extend standaloneModuleCode');
  // Keep validator functions module-private; typed exports are appended by the caller.
  code = code.replace(/export const (\w+) = (\w+);/g, (_m, name: string, fn: string) => `const ${localPrefix}${name} = ${fn};`);
  code = code.replace(/^"use strict";/, '');
  return `${imports.join('\n')}\n${code}\n`;
}
