/**
 * ajv standalone validators: compiled at codegen time into plain code, so the runtime ships no
 * schema compiler. One custom keyword, `decimal`, implements `format: decimal` (see
 * schema-transforms.ts): it accepts a decimal string or a safe integer and rewrites a number into
 * its string in place, so every decimal reaches the domain as exact text.
 */
import Ajv2020Module from 'ajv/dist/2020.js';
import AjvModule, { _, type KeywordCxt, type Options } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { isDecimalText } from '../../src/core/decimal-text.js';

type AjvInstance = InstanceType<typeof AjvModule.default>;
const Ajv2020 = (Ajv2020Module as unknown as { default: typeof AjvModule.default }).default;
const Ajv07 = AjvModule.default;
const standaloneCode = (standaloneModule as unknown as { default: (ajv: AjvInstance, refs: Record<string, string>) => string }).default;

// Decimal text is checked by src/core/decimal-text.ts (an exponent is allowed, as in Futures
// numbers such as -6.2604214e-11, but bounded to ±64, as the book decoders bound it: `1e400` or
// `1e-400` is no price). Every generated validator file sits two levels below the repository
// root (generated/<api>/), so one relative path serves them all.
const DECIMAL_TEXT_MODULE = '../../src/core/decimal-text.js';

export function addDecimalKeyword(ajv: AjvInstance): void {
  ajv.addKeyword({
    keyword: 'decimal',
    schemaType: 'boolean',
    error: { message: 'must be a decimal (string of digits, or an integer)' },
    code(cxt: KeywordCxt) {
      const { gen, data, it } = cxt;
      const isDecimal = gen.scopeValue('func', {
        ref: isDecimalText,
        code: _`require(${DECIMAL_TEXT_MODULE}).isDecimalText`,
      });
      cxt.fail(
        _`!((typeof ${data} == "string" && ${isDecimal}(${data})) || (typeof ${data} == "number" && Number.isSafeInteger(${data})))`,
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
  // A named export of one of our own modules (the decimal text check).
  code = code.replace(/const (\w+) = require\("(\.[^"]+\.js)"\)\.(\w+);/g, (_m, local: string, mod: string, name: string) => {
    imports.push(`import { ${name} as ${rt}${local} } from "${mod}";`);
    return `const ${local} = ${rt}${local};`;
  });
  if (/require\(/.test(code)) throw new Error('ajv standalone code still requires a module: extend standaloneModuleCode');
  // Keep validator functions module-private; typed exports are appended by the caller.
  code = code.replace(/export const (\w+) = (\w+);/g, (_m, name: string, fn: string) => `const ${localPrefix}${name} = ${fn};`);
  code = code.replace(/^"use strict";/, '');
  return `${imports.join('\n')}\n${code}\n`;
}
