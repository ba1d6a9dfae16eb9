/**
 * Compares our operations with Kraken's: endpoints ours lacks, and per shared endpoint the
 * request and response fields ours lacks or types differently.
 *
 * Type verdicts for a field present on both sides:
 * - `decimal`: ours is `format: decimal` and Kraken's is a plain string/number (our schema is
 *   stricter about the same wire value). Reported separately, never as an error.
 * - `int64-text`: Kraken's `integer, format: int64` (the nonce) that we carry as digit text,
 *   since a nanosecond nonce does not fit in a JS number. Also compatible.
 * - `broader`: ours accepts everything Kraken's does and more (e.g. we also allow `null`).
 * - `narrower`: ours rejects something Kraken's allows (e.g. Kraken `string|integer`, ours `string`).
 * - `mismatch`: disjoint or crossing types.
 * `integer` counts as a subset of `number`.
 */
import { describeShape, type FieldMap, type FieldShape, type WireType } from './flatten.js';
import type { OperationShape } from './operations.js';

export type TypeVerdict = 'decimal' | 'int64-text' | 'broader' | 'narrower' | 'mismatch';

/** Verdicts that describe the same wire value in a stricter representation: not errors. */
export const COMPATIBLE_VERDICTS: ReadonlySet<TypeVerdict> = new Set(['decimal', 'int64-text']);

export interface TypeDifference {
  readonly field: string;
  readonly ours: string;
  readonly upstream: string;
  readonly verdict: TypeVerdict;
}

export interface FieldDiff {
  /** Fields Kraken's spec has and ours does not. */
  readonly missing: string[];
  readonly typeDifferences: TypeDifference[];
  /** Enum values Kraken lists that ours does not (on a field both sides enumerate). */
  readonly enumValuesMissing: { field: string; values: string[] }[];
}

export interface EndpointDiff {
  readonly method: string;
  readonly path: string;
  readonly ourOperationId: string | undefined;
  readonly upstreamOperationId: string | undefined;
  readonly matchedBy: 'route' | 'operationId';
  readonly request: FieldDiff;
  readonly response: FieldDiff;
}

export interface SpecDiff {
  readonly missingEndpoints: { method: string; path: string; operationId: string | undefined }[];
  readonly oursOnly: { method: string; path: string; operationId: string | undefined }[];
  readonly endpoints: EndpointDiff[];
}

/** `number` accepts integers, so integer ⊂ number when checking containment. */
function covers(set: ReadonlySet<WireType>, t: WireType): boolean {
  return set.has(t) || (t === 'integer' && set.has('number'));
}

function verdictFor(ours: FieldShape, upstream: FieldShape): TypeVerdict | undefined {
  if (upstream.types.size === 0) return undefined; // Kraken left it untyped: nothing to compare.
  if (ours.types.size === 0) return 'broader';
  const upstreamInOurs = [...upstream.types].every((t) => covers(ours.types, t));
  const oursInUpstream = [...ours.types].every((t) => covers(upstream.types, t));
  if (ours.decimal && !upstream.decimal) {
    const scalar = [...upstream.types].every((t) => t === 'string' || t === 'number' || t === 'integer' || t === 'null');
    if (scalar) return 'decimal';
  }
  if (upstream.format === 'int64' && [...upstream.types].every((t) => t === 'integer') && [...ours.types].every((t) => t === 'string')) {
    return 'int64-text';
  }
  if (upstreamInOurs && oursInUpstream) return undefined;
  if (upstreamInOurs) return 'broader';
  if (oursInUpstream) return 'narrower';
  return 'mismatch';
}

/** Field paths are compared case-sensitively: Kraken field names are exact. */
export function compareFields(upstream: FieldMap, ours: FieldMap): FieldDiff {
  const diff: FieldDiff = { missing: [], typeDifferences: [], enumValuesMissing: [] };
  for (const [field, theirs] of [...upstream].sort(([a], [b]) => a.localeCompare(b))) {
    const mine = ours.get(field);
    if (!mine) {
      // Report only the outermost missing field, not every field beneath it.
      const parentMissing = diff.missing.some((m) => field.startsWith(`${m}.`) || field.startsWith(`${m}[`) || field.startsWith(`${m}{`));
      if (!parentMissing) diff.missing.push(field);
      continue;
    }
    const verdict = verdictFor(mine, theirs);
    if (verdict) diff.typeDifferences.push({ field, ours: describeShape(mine), upstream: describeShape(theirs), verdict });
    if (theirs.enumValues && mine.enumValues) {
      const known = new Set(mine.enumValues);
      const values = theirs.enumValues.filter((v) => !known.has(v));
      if (values.length > 0) diff.enumValuesMissing.push({ field, values });
    }
  }
  return diff;
}

export function compareSpecs(upstream: readonly OperationShape[], ours: readonly OperationShape[]): SpecDiff {
  const byRoute = new Map(ours.map((op) => [op.routeKey, op]));
  const byId = new Map(ours.filter((op) => op.operationId).map((op) => [op.operationId!.toLowerCase(), op]));
  const matched = new Set<OperationShape>();
  const diff: SpecDiff = { missingEndpoints: [], oursOnly: [], endpoints: [] };
  for (const theirs of upstream) {
    let mine = byRoute.get(theirs.routeKey);
    let matchedBy: EndpointDiff['matchedBy'] = 'route';
    if (!mine && theirs.operationId) {
      const candidate = byId.get(theirs.operationId.toLowerCase());
      if (candidate && candidate.method === theirs.method && !matched.has(candidate)) {
        mine = candidate;
        matchedBy = 'operationId';
      }
    }
    if (!mine) {
      diff.missingEndpoints.push({ method: theirs.method, path: theirs.path, operationId: theirs.operationId });
      continue;
    }
    matched.add(mine);
    diff.endpoints.push({
      method: theirs.method,
      path: mine.path,
      ourOperationId: mine.operationId,
      upstreamOperationId: theirs.operationId,
      matchedBy,
      request: compareFields(theirs.request, mine.request),
      response: compareFields(theirs.response, mine.response),
    });
  }
  for (const op of ours) if (!matched.has(op)) diff.oursOnly.push({ method: op.method, path: op.path, operationId: op.operationId });
  return diff;
}
