/**
 * Every WS payload we hold (our documented-format fixtures and the third-party recorded set in
 * ../shared) decodes with parseVenueJson and validates against its generated validator.
 * A third-party payload that contradicts Kraken's documented format is named below with the
 * reason, and its failure is expected: schemas are never loosened to accept a wrong payload.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageValidators as spotValidators } from '../../../generated/spot-ws-v2/validators.gen.js';
import { messageValidators as futuresValidators } from '../../../generated/futures-ws/validators.gen.js';
import { check, decode, directionOf, listFixtures, repoRoot, sharedFixtures, titleFor, type Venue } from './ws-fixtures.js';
import { sharedReferencePresent } from '../../helpers/shared-reference.js';

interface KnownContradiction {
  /** instancePath of the first validation error. */
  readonly path: string;
  readonly why: string;
}

const THIRD_PARTY_CONTRADICTIONS: Record<Venue, Record<string, KnownContradiction>> = {
  spot: {
    'ws_add_order_request.json': {
      path: '/params/time_in_force',
      why: 'sends time_in_force "GTC"; WS v2 requests take lower-case gtc|gtd|ioc|fok (upper-case appears only on execution reports)',
    },
    'ws_batch_add_response_partial.json': {
      path: '/result',
      why: 'nests rows under result.orders with per-row success flags; Kraken returns result as a top-level ARRAY of rows (the SOURCES.md of those fixtures flags it too)',
    },
  },
  futures: {},
};

const sources: { venue: Venue; label: string; dir: string; thirdParty: boolean }[] = [
  { venue: 'spot', label: 'repo fixtures/spot/ws', dir: path.join(repoRoot, 'fixtures/spot/ws'), thirdParty: false },
  { venue: 'futures', label: 'repo fixtures/futures/ws', dir: path.join(repoRoot, 'fixtures/futures/ws'), thirdParty: false },
  { venue: 'spot', label: '../shared spot/ws', dir: path.join(sharedFixtures, 'spot/ws'), thirdParty: true },
  { venue: 'futures', label: '../shared futures/ws', dir: path.join(sharedFixtures, 'futures/ws'), thirdParty: true },
];

for (const src of sources) {
  const present = sharedReferencePresent(src.dir);
  const suite = present ? describe : describe.skip;
  suite(`${src.label}${present ? '' : ' (folder absent: third-party fixtures not available here)'}`, () => {
    const fixtures = listFixtures(src.dir);
    it('holds payloads', () => {
      expect(fixtures.length).toBeGreaterThan(0);
    });
    for (const fx of fixtures) {
      const known = src.thirdParty ? THIRD_PARTY_CONTRADICTIONS[src.venue][fx.file] : undefined;
      const name = known ? `${fx.file} is rejected: ${known.why}` : `${fx.file} validates`;
      it(name, () => {
        const payload = decode(fx.text);
        const direction = directionOf(fx.file);
        const title = titleFor(src.venue, direction, payload);
        expect(title, `no ${direction} schema routes ${fx.file}`).toBeDefined();
        const result = check(src.venue, title!, payload);
        if (known) {
          expect(result.ok).toBe(false);
          expect(result.errors[0]).toMatch(new RegExp(`^${known.path} `));
        } else {
          expect(result.errors).toEqual([]);
          expect(result.ok).toBe(true);
        }
      });
    }
  });
}

describe('our fixtures cover every message kind', () => {
  const covered = (venue: Venue, dir: string): Set<string> => {
    const titles = new Set<string>();
    for (const fx of listFixtures(dir)) {
      const title = titleFor(venue, directionOf(fx.file), decode(fx.text));
      if (title) titles.add(title);
    }
    return titles;
  };

  it('Spot v2: every schema title has at least one fixture', () => {
    const have = covered('spot', path.join(repoRoot, 'fixtures/spot/ws'));
    expect(Object.keys(spotValidators).filter((t) => !have.has(t))).toEqual([]);
  });

  it('Futures: every schema title has at least one fixture', () => {
    const have = covered('futures', path.join(repoRoot, 'fixtures/futures/ws'));
    expect(Object.keys(futuresValidators).filter((t) => !have.has(t))).toEqual([]);
  });

  it('Spot v2: every documented exec_type has an executions fixture', () => {
    const seen = new Set<string>();
    for (const fx of listFixtures(path.join(repoRoot, 'fixtures/spot/ws'))) {
      const p = decode(fx.text);
      if (p['channel'] !== 'executions') continue;
      for (const r of p['data'] as Record<string, unknown>[]) seen.add(String(r['exec_type']));
    }
    const documented = ['pending_new', 'new', 'trade', 'filled', 'iceberg_refill', 'canceled', 'expired', 'amended', 'restated', 'status'];
    expect(documented.filter((t) => !seen.has(t))).toEqual([]);
  });

  it('Spot v2: every trading method has a request and a response fixture, and an error response exists', () => {
    const methods = [
      'add_order',
      'amend_order',
      'edit_order',
      'cancel_order',
      'cancel_all',
      'cancel_all_orders_after',
      'batch_add',
      'batch_cancel',
    ];
    const fx = listFixtures(path.join(repoRoot, 'fixtures/spot/ws')).map((f) => ({ dir: directionOf(f.file), p: decode(f.text) }));
    for (const m of methods) {
      expect(
        fx.some((f) => f.dir === 'out' && f.p['method'] === m),
        `${m} request`,
      ).toBe(true);
      expect(
        fx.some((f) => f.dir === 'in' && f.p['method'] === m && f.p['success'] === true),
        `${m} response`,
      ).toBe(true);
    }
    expect(fx.some((f) => f.dir === 'in' && f.p['success'] === false)).toBe(true);
  });
});
