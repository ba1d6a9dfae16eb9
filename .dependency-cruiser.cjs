/**
 * The layer table of docs/architecture.md, as rules. `npm run lint` runs them over src/;
 * test/unit/architecture/layers.test.ts runs the same rules over a fixture tree that breaks them.
 *
 * Paths are relative to the cruise's base directory, so the same rules serve the repository and
 * the fixture. Type-only imports count (`tsPreCompilationDeps`): a type is a dependency too.
 */

/** Everything of ours that can be imported. */
const OURS = '^(src|generated)/';

/** A layer may import only the listed paths of ours (its own directory included). */
function onlyImports(name, from, allowed, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: from },
    to: { path: OURS, pathNot: allowed },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere in src/ (type-only imports included).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    onlyImports('core-imports-nothing', '^src/core/', '^src/core/', 'The ground layer imports nothing of ours.'),
    onlyImports('transport-imports-core', '^src/transport/', '^src/(core|transport)/', 'transport/ imports only core/.'),
    onlyImports(
      'generated-imports-core-transport',
      '^generated/',
      '^(src/(core|transport)/|generated/)',
      'Generated code imports only the ground and the validator shape in transport/.',
    ),
    onlyImports(
      'kraken-imports-wire-layers',
      '^src/kraken/',
      '^(src/(core|transport|kraken)/|generated/)',
      'The protocol layer knows the wire (core, transport, generated), never the domain.',
    ),
    onlyImports('model-imports-core', '^src/model/', '^src/(core|model)/', 'The domain is venue-neutral: core/ only.'),
    onlyImports(
      'node-imports-core-model',
      '^src/node/',
      '^src/(core|model|node)/',
      'The engine is venue-neutral: core/ and model/, never transport/ or kraken/.',
    ),
    {
      name: 'adapter-not-sim-cli',
      comment: 'The adapter sits beside the simulator and below the CLI.',
      severity: 'error',
      from: { path: '^src/adapter/' },
      to: { path: '^src/(sim/|cli/|index\\.ts$)' },
    },
    {
      name: 'sim-not-domain',
      comment: 'The simulator speaks Kraken, not the trading domain, and sits beside the adapter.',
      severity: 'error',
      from: { path: '^src/sim/' },
      to: { path: '^src/(model|node|adapter|cli)/|^src/index\\.ts$' },
    },
    {
      name: 'sim-not-client-code',
      comment:
        'The simulator never imports the client code it is meant to test: WS clients, raw HTTP clients, ' +
        "the client's books, and the client's connection machinery. A client bug and a simulator bug must not cancel out.",
      severity: 'error',
      from: { path: '^src/sim/' },
      to: {
        path: [
          '^src/kraken/[^/]+/ws/',
          '^src/kraken/[^/]+/http/[^/]*client[^/]*$',
          '^src/kraken/[^/]+/book/',
          '^src/kraken/book/',
          '^src/transport/ws/',
          '^src/transport/(http|nonce|retry)\\.ts$',
        ],
      },
    },
    {
      name: 'only-cli-reaches-sim',
      comment: 'Only the CLI reaches into src/sim/ (users come in through the krakenkit/sim entry).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(sim|cli)/' },
      to: { path: '^src/sim/' },
    },
    {
      name: 'nothing-imports-cli',
      comment: 'The CLI is the top floor.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'nothing-imports-root-entry',
      comment: 'src/index.ts is for consumers; importing it from inside src/ hides the real dependency and invites cycles.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'resolvable',
      comment: 'Every import resolves; otherwise the rules above would pass a file they cannot see into.',
      severity: 'error',
      from: { path: '^(src|generated)/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'runtime-not-to-dev-dep',
      comment: 'Code that ships must not need a devDependency: a consumer would not have it.',
      severity: 'error',
      from: { path: '^(src|generated)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
