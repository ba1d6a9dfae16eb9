/** The schema sources codegen knows, and where each one's output goes. */
export type SourceKind = 'openapi' | 'jsonschema-dir';

export interface CodegenSource {
  /** Output folder under generated/, and the prefix of generated names. */
  readonly name: string;
  readonly kind: SourceKind;
  /** Path relative to the repo root. */
  readonly path: string;
  /**
   * REST only: where the typed result lives. `spot`: the `result` property of the
   * `{ error, result }` envelope. `whole`: the whole body (Futures).
   */
  readonly envelope?: 'spot' | 'whole';
  /** The PascalCase prefix of exported aggregate names (`SpotRest` → `SpotRestMethods`). */
  readonly typePrefix: string;
}

export const SOURCES: readonly CodegenSource[] = [
  { name: 'spot-rest', kind: 'openapi', path: 'schemas/spot-rest.openapi.yaml', envelope: 'spot', typePrefix: 'SpotRest' },
  { name: 'futures-rest', kind: 'openapi', path: 'schemas/futures-rest.openapi.yaml', envelope: 'whole', typePrefix: 'FuturesRest' },
  {
    name: 'futures-history',
    kind: 'openapi',
    path: 'schemas/futures-history.openapi.yaml',
    envelope: 'whole',
    typePrefix: 'FuturesHistory',
  },
  { name: 'futures-charts', kind: 'openapi', path: 'schemas/futures-charts.openapi.yaml', envelope: 'whole', typePrefix: 'FuturesCharts' },
  { name: 'spot-ws-v2', kind: 'jsonschema-dir', path: 'schemas/spot-ws-v2', typePrefix: 'SpotWs' },
  { name: 'futures-ws', kind: 'jsonschema-dir', path: 'schemas/futures-ws', typePrefix: 'FuturesWs' },
  { name: 'unified-ws', kind: 'jsonschema-dir', path: 'schemas/unified-ws', typePrefix: 'UnifiedWs' },
];
