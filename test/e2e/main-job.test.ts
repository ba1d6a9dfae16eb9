import { describe, expect, it } from 'vitest';
import { runStartCommand } from '../../src/cli/start-command.js';

describe('the main job (npm start) against the embedded simulator', () => {
  it('keeps a checksum-verified book, reads the account, places and cancels an order, then stops', async () => {
    const lines: string[] = [];
    const stats = await runStartCommand(['--duration', '4', '--status-every', '1', '--seed', '7'], { say: (l) => lines.push(l) });
    expect(stats.bookMessages).toBeGreaterThan(0);
    expect(stats.bookVerified).toBe(stats.bookMessages);
    expect(stats.bookRejected).toBe(0);
    expect(stats.orderPlaced).toMatch(/^O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}$/);
    expect(stats.orderCanceled).toBe(true);
    expect(stats.executions).toBeGreaterThanOrEqual(3);
    expect(lines.some((l) => l.startsWith('embedded Kraken simulator'))).toBe(true);
    expect(lines.some((l) => /^BTC\/USD bid \d+\.\d x \d+\.\d{8} \| ask/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe('stopped');
  });

  it('refuses unknown flags and non-positive intervals with a typed error, before starting anything', async () => {
    await expect(runStartCommand(['--colour', 'red'])).rejects.toThrow(/unknown flag/);
    await expect(runStartCommand(['--status-every', '0'])).rejects.toThrow(/greater than 0/);
    await expect(runStartCommand(['--duration', '-1'])).rejects.toThrow(/greater than 0/);
  });
});
