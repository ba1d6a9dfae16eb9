/** Human-readable and JSON renderings of the upstream diff. */
import { COMPATIBLE_VERDICTS, type EndpointDiff, type FieldDiff, type SpecDiff, type TypeDifference } from './compare.js';

export interface SourceReport {
  readonly name: string;
  readonly ours: string;
  readonly upstream: string;
  /** Why this pair was not compared (a file is absent), if it was not. */
  readonly skipped?: string;
  /** `$ref`s in Kraken's files that could not be followed. */
  readonly unresolvedRefs: string[];
  readonly diff?: SpecDiff;
}

export interface Totals {
  endpointsCompared: number;
  missingEndpoints: number;
  oursOnlyEndpoints: number;
  missingFields: number;
  typeDifferences: number;
  compatibleDifferences: number;
  enumValuesMissing: number;
}

export function totalsOf(reports: readonly SourceReport[]): Totals {
  const totals: Totals = {
    endpointsCompared: 0,
    missingEndpoints: 0,
    oursOnlyEndpoints: 0,
    missingFields: 0,
    typeDifferences: 0,
    compatibleDifferences: 0,
    enumValuesMissing: 0,
  };
  for (const r of reports) {
    if (!r.diff) continue;
    totals.endpointsCompared += r.diff.endpoints.length;
    totals.missingEndpoints += r.diff.missingEndpoints.length;
    totals.oursOnlyEndpoints += r.diff.oursOnly.length;
    for (const e of r.diff.endpoints) {
      for (const side of [e.request, e.response]) {
        totals.missingFields += side.missing.length;
        totals.typeDifferences += side.typeDifferences.filter((t) => !COMPATIBLE_VERDICTS.has(t.verdict)).length;
        totals.compatibleDifferences += side.typeDifferences.filter((t) => COMPATIBLE_VERDICTS.has(t.verdict)).length;
        totals.enumValuesMissing += side.enumValuesMissing.length;
      }
    }
  }
  return totals;
}

function typeLine(t: TypeDifference): string {
  return `${t.field}: ours ${t.ours}, Kraken ${t.upstream} (${t.verdict === 'broader' ? 'ours is broader' : t.verdict === 'narrower' ? 'ours is narrower' : 'mismatch'})`;
}

function sideLines(label: string, side: FieldDiff): string[] {
  const lines: string[] = [];
  if (side.missing.length > 0) lines.push(`    ${label} fields ours lacks: ${side.missing.join(', ')}`);
  for (const t of side.typeDifferences.filter((d) => !COMPATIBLE_VERDICTS.has(d.verdict)))
    lines.push(`    ${label} type differs: ${typeLine(t)}`);
  for (const e of side.enumValuesMissing) lines.push(`    ${label} enum values ours lacks: ${e.field} = ${e.values.join(', ')}`);
  const decimals = side.typeDifferences.filter((d) => d.verdict === 'decimal');
  if (decimals.length > 0) lines.push(`    ${label} ours is stricter/decimal (compatible): ${decimals.map((d) => d.field).join(', ')}`);
  const int64 = side.typeDifferences.filter((d) => d.verdict === 'int64-text');
  if (int64.length > 0) lines.push(`    ${label} int64 carried as digit text (compatible): ${int64.map((d) => d.field).join(', ')}`);
  return lines;
}

function endpointTitle(e: EndpointDiff): string {
  const ids =
    e.ourOperationId === e.upstreamOperationId ? e.ourOperationId : `${e.ourOperationId ?? '?'} ~ Kraken ${e.upstreamOperationId ?? '?'}`;
  return `  ${e.method} ${e.path} (${ids}${e.matchedBy === 'operationId' ? ', matched by operationId' : ''})`;
}

export function formatText(specDir: string, reports: readonly SourceReport[]): string {
  const out: string[] = [`Upstream diff against Kraken's specs in ${specDir}`, ''];
  for (const r of reports) {
    out.push(`== ${r.name}: ${r.ours} vs ${r.upstream}`);
    if (r.skipped || !r.diff) {
      out.push(`  skipped: ${r.skipped ?? 'nothing to compare'}`, '');
      continue;
    }
    const d = r.diff;
    if (r.unresolvedRefs.length > 0)
      out.push(
        `  note: ${r.unresolvedRefs.length} $ref(s) in Kraken's files could not be followed: ${r.unresolvedRefs.slice(0, 5).join('; ')}`,
      );
    out.push(`  Endpoints in Kraken's spec that ours lacks (${d.missingEndpoints.length}):`);
    for (const m of d.missingEndpoints) out.push(`    ${m.method} ${m.path}${m.operationId ? ` (${m.operationId})` : ''}`);
    if (d.oursOnly.length > 0) {
      out.push(`  Endpoints only in ours (${d.oursOnly.length}):`);
      for (const m of d.oursOnly) out.push(`    ${m.method} ${m.path}${m.operationId ? ` (${m.operationId})` : ''}`);
    }
    out.push(`  Shared endpoints (${d.endpoints.length}):`);
    for (const e of d.endpoints) {
      const lines = [...sideLines('request', e.request), ...sideLines('response', e.response)];
      out.push(`${endpointTitle(e)}${lines.length === 0 ? ': no differences' : ''}`, ...lines);
    }
    out.push('');
  }
  const t = totalsOf(reports);
  out.push(
    `Summary: ${t.endpointsCompared} endpoints compared; ${t.missingEndpoints} endpoints ours lacks; ${t.missingFields} fields ours lacks; ` +
      `${t.typeDifferences} type differences; ${t.enumValuesMissing} enums missing values; ${t.compatibleDifferences} compatible representation differences (decimal / int64 text).`,
  );
  return out.join('\n');
}

export function toJson(specDir: string, reports: readonly SourceReport[]): string {
  return JSON.stringify({ specDir, sources: reports, totals: totalsOf(reports) }, null, 2);
}
