/**
 * Shared helpers for the WS contract tests: where the fixtures live, how a payload is decoded
 * (always `parseVenueJson` on the file text, never `JSON.parse`), and which generated validator
 * a payload belongs to (the same routing a WS client does: Spot by `channel`/`type` or `method`,
 * Futures by `feed` or `event`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseVenueJson } from '../../../src/core/json.js';
import type { Validator } from '../../../src/transport/validation.js';
import * as spotRoutes from '../../../generated/spot-ws-v2/routes.gen.js';
import * as futuresRoutes from '../../../generated/futures-ws/routes.gen.js';
import { messageValidators as spotValidators } from '../../../generated/spot-ws-v2/validators.gen.js';
import { messageValidators as futuresValidators } from '../../../generated/futures-ws/validators.gen.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const sharedFixtures = path.resolve(repoRoot, '../shared/fixtures/kraken');

export type Venue = 'spot' | 'futures';
export type Direction = 'in' | 'out';

export interface Fixture {
  readonly file: string;
  readonly full: string;
  readonly text: string;
}

/** Every `.json` file of a folder, sorted; `[]` when the folder is absent. */
export function listFixtures(dir: string): Fixture[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const full = path.join(dir, file);
      return { file, full, text: readFileSync(full, 'utf8') };
    });
}

export function decode(text: string): Record<string, unknown> {
  const value = parseVenueJson(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('fixture is not a JSON object');
  return value as Record<string, unknown>;
}

/**
 * Our fixtures say their direction in the name (`ws_send_*` / `ws_recv_*`); the third-party
 * set marks outgoing payloads with a `_request` suffix.
 */
export function directionOf(file: string): Direction {
  if (file.startsWith('ws_send_') || file.endsWith('_request.json')) return 'out';
  return 'in';
}

function pick(candidates: readonly string[] | undefined, frameType: unknown): string | undefined {
  if (!candidates || candidates.length === 0) return undefined;
  if (candidates.length === 1) return candidates[0];
  // Spot channels whose snapshot and update differ in shape have one schema per frame type.
  const suffix = frameType === 'snapshot' ? 'Snapshot' : 'Update';
  return candidates.find((t) => t.endsWith(suffix));
}

/** The schema title a payload must validate against, or undefined when nothing routes it. */
export function titleFor(venue: Venue, direction: Direction, payload: Record<string, unknown>): string | undefined {
  if (venue === 'spot') {
    const { channel, method, type } = payload;
    if (direction === 'out')
      return typeof method === 'string' ? (spotRoutes.requestsByMethod as Record<string, string>)[method] : undefined;
    if (typeof channel === 'string') return pick((spotRoutes.incomingByChannel as Record<string, readonly string[]>)[channel], type);
    if (typeof method === 'string') return pick((spotRoutes.responsesByMethod as Record<string, readonly string[]>)[method], undefined);
    return undefined;
  }
  const { event, feed } = payload;
  // Kraken's ack examples sometimes carry a trailing space ("subscribed ").
  if (direction === 'out') return typeof event === 'string' ? (futuresRoutes.requestsByMethod as Record<string, string>)[event] : undefined;
  if (typeof event === 'string')
    return pick((futuresRoutes.responsesByMethod as Record<string, readonly string[]>)[event.trim()], undefined);
  if (typeof feed === 'string') return pick((futuresRoutes.incomingByChannel as Record<string, readonly string[]>)[feed], undefined);
  return undefined;
}

export function validatorFor(venue: Venue, title: string): Validator {
  const table = (venue === 'spot' ? spotValidators : futuresValidators) as Readonly<Record<string, Validator>>;
  const v = table[title];
  if (!v) throw new Error(`no generated ${venue} validator named ${title}`);
  return v;
}

/** Validates in place (decimals become exact strings) and returns a readable error list. */
export function check(venue: Venue, title: string, payload: unknown): { ok: boolean; errors: string[] } {
  const v = validatorFor(venue, title);
  const ok = v(payload);
  const errors = (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
  return { ok, errors };
}

/** Fixture text without insignificant whitespace, number tokens untouched. */
export function minify(text: string): string {
  return text.replace(/("(?:[^"\\]|\\.)*")|\s+/g, (_m, str: string | undefined) => str ?? '');
}

/** Walks a decoded payload by keys and array indexes. */
export function at(value: unknown, ...keys: (string | number)[]): unknown {
  let v: unknown = value;
  for (const k of keys) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}
