/**
 * Two lint rules for the test suite, as a local ESLint plugin (eslint.config.js turns them on for
 * test/; test/unit/lint/test-hygiene.test.ts proves each one reports what it should):
 *
 * - `no-focused-tests`: a committed `.only` (or `fit` / `fdescribe`) silently skips every other
 *   test in its file, and CI would still be green.
 * - `test-has-assertion`: a test body that never reaches an assertion passes whatever the code
 *   does. An assertion is a call to `expect…` / `assert…` (vitest's `expect`, `expectTypeOf`,
 *   node's `assert`, fast-check's `fc.assert`, a helper named `expectX` / `assertX`), or a call
 *   to a function of the same file whose body makes one (followed through further local calls).
 *   A helper imported from another file counts only by its name, so name it `expect…`/`assert…`.
 */

const TEST_FUNCTIONS = new Set(['it', 'test']);
const FOCUSED_GLOBALS = new Set(['fit', 'fdescribe', 'ftest']);
const BLOCKS = new Set(['it', 'test', 'describe', 'suite', 'bench']);
const ASSERTION_NAME = /^(expect|assert)/;

/** The identifier names along a callee, root first: `it.each(x)` → ['it', 'each']. */
function calleeChain(node) {
  const names = [];
  let n = node;
  for (;;) {
    if (n.type === 'Identifier') {
      names.unshift(n.name);
      return names;
    }
    if (n.type === 'MemberExpression') {
      if (n.property.type === 'Identifier') names.unshift(n.property.name);
      n = n.object;
      continue;
    }
    if (n.type === 'CallExpression') {
      // it.each(table)(name, fn): the outer call's callee is a call.
      n = n.callee;
      continue;
    }
    if (n.type === 'TSNonNullExpression' || n.type === 'TSAsExpression') {
      n = n.expression;
      continue;
    }
    return names;
  }
}

function isFunction(node) {
  return node !== undefined && node !== null && (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression');
}

/** Walks an AST subtree without descending into type annotations. */
function walk(node, visit) {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
    return;
  }
  if (typeof node.type !== 'string') return;
  if (node.type.startsWith('TS') && node.type !== 'TSNonNullExpression' && node.type !== 'TSAsExpression') return;
  visit(node);
  for (const key of Object.keys(node)) {
    if (key === 'parent' || key === 'loc' || key === 'range') continue;
    walk(node[key], visit);
  }
}

/** Functions declared by name in the file (`function f` and `const f = () => …`). */
function localFunctions(program) {
  const found = new Map();
  walk(program, (n) => {
    if (n.type === 'FunctionDeclaration' && n.id) found.set(n.id.name, n);
    if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && isFunction(n.init)) found.set(n.id.name, n.init);
    if (n.type === 'MethodDefinition' && n.key.type === 'Identifier') found.set(n.key.name, n.value);
  });
  return found;
}

function makesAssertion(body, locals, visiting) {
  let found = false;
  walk(body, (n) => {
    if (found || n.type !== 'CallExpression') return;
    const chain = calleeChain(n.callee);
    if (chain.some((name) => ASSERTION_NAME.test(name))) {
      found = true;
      return;
    }
    const last = chain[chain.length - 1];
    const local = last === undefined ? undefined : locals.get(last);
    if (local !== undefined && !visiting.has(local)) {
      visiting.add(local);
      if (makesAssertion(local.body, locals, visiting)) found = true;
    }
  });
  return found;
}

const noFocusedTests = {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow .only, fit and fdescribe: a focused test skips the rest of its file.' },
    messages: { focused: '`{{name}}` focuses this test and silently skips the others: remove it before committing.' },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        const chain = calleeChain(node.callee);
        if (chain.length === 0) return;
        if (chain.length === 1 && FOCUSED_GLOBALS.has(chain[0])) {
          context.report({ node, messageId: 'focused', data: { name: chain[0] } });
          return;
        }
        // Reported once, on the innermost call: `it.only.each(t)(…)` has `only` on both calls.
        if (node.callee.type === 'CallExpression') return;
        if (BLOCKS.has(chain[0]) && chain.includes('only')) {
          context.report({ node, messageId: 'focused', data: { name: chain.join('.') } });
        }
      },
    };
  },
};

const testHasAssertion = {
  meta: {
    type: 'problem',
    docs: { description: 'Every test reaches an assertion (expect…, assert…, or a local function that makes one).' },
    messages: {
      none: 'Test "{{name}}" makes no assertion: it passes whatever the code does. Assert the behaviour it names (expect…, assert…, or a helper named so).',
    },
    schema: [],
  },
  create(context) {
    let locals;
    return {
      Program(program) {
        locals = localFunctions(program);
      },
      CallExpression(node) {
        const chain = calleeChain(node.callee);
        if (!TEST_FUNCTIONS.has(chain[0])) return;
        if (chain.includes('todo')) return;
        // `it.each(t)` alone is the table, not the test: the test is the call that takes the body.
        if (chain.includes('each') && node.callee.type !== 'CallExpression') return;
        const body = [...node.arguments].reverse().find(isFunction);
        if (body === undefined) return;
        if (makesAssertion(body.body, locals, new Set())) return;
        const title = node.arguments[0];
        const name =
          title?.type === 'Literal'
            ? String(title.value)
            : title?.type === 'TemplateLiteral'
              ? title.quasis.map((q) => q.value.cooked).join('…')
              : '?';
        context.report({ node, messageId: 'none', data: { name } });
      },
    };
  },
};

export default {
  meta: { name: 'test-hygiene' },
  rules: { 'no-focused-tests': noFocusedTests, 'test-has-assertion': testHasAssertion },
};
