import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedReferencePresent } from '../../helpers/shared-reference.js';

const dir = mkdtempSync(join(tmpdir(), 'krakenkit-shared-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const missing = join(dir, 'not-there');

describe('sharedReferencePresent (contract tests that read ../shared)', () => {
  it('is true for a present path, with or without CI', () => {
    expect(sharedReferencePresent(dir, {})).toBe(true);
    expect(sharedReferencePresent(dir, { CI: 'true' })).toBe(true);
  });

  it('lets a developer without ../shared skip: a missing path is false outside CI', () => {
    expect(sharedReferencePresent(missing, {})).toBe(false);
    expect(sharedReferencePresent(missing, { CI: 'false' })).toBe(false);
    expect(sharedReferencePresent(missing, { CI: '' })).toBe(false);
  });

  it('fails under CI=true (or CI=1) instead of skipping, naming the path', () => {
    expect(() => sharedReferencePresent(missing, { CI: 'true' })).toThrow(/not-there is missing, and under CI=true/);
    expect(() => sharedReferencePresent(missing, { CI: '1' })).toThrow(/under CI=1/);
  });
});
