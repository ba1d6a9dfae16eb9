import { describe, expect, it } from 'vitest';
import { runStartCommand } from '../../src/cli/start-command.js';

describe('the main job (npm start) against the embedded simulator', () => {
  it('keeps a checksum-verified book, reads the account, places and cancels an order, then stops', async () => {
    // No fixed duration: the job runs until it has shown the behaviour (an order placed and
    // cancelled, its execution reports in, the book verified), bounded at 90 s so that a broken
    // job fails the assertions below instead of hanging.
    const lines: string[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const bound = setTimeout(stop, 90_000);
    const shown = () =>
      lines.some((l) => /^cancelled O\S+: ok$/.test(l)) &&
      lines.some((l) => /^execution: canceled /.test(l)) &&
      lines.some((l) => /checksum verified [1-9]/.test(l));
    const say = (line: string) => {
      lines.push(line);
      if (shown()) stop();
    };
    try {
      const stats = await runStartCommand(['--status-every', '1', '--seed', '7'], { say, stop: stopped });
      expect(shown(), lines.join('\n')).toBe(true);
      expect(stats.bookMessages).toBeGreaterThan(0);
      expect(stats.bookVerified).toBe(stats.bookMessages);
      expect(stats.bookRejected).toBe(0);
      expect(stats.orderPlaced).toMatch(/^O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}$/);
      expect(stats.orderCanceled).toBe(true);
      expect(stats.executions).toBeGreaterThanOrEqual(3);
      expect(lines.some((l) => l.startsWith('embedded Kraken simulator'))).toBe(true);
      expect(lines.some((l) => l.startsWith('balances: '))).toBe(true);
      expect(lines.some((l) => /^BTC\/USD bid \d+\.\d x \d+\.\d{8} \| ask/.test(l))).toBe(true);
      expect(lines.at(-1)).toBe('stopped');
    } finally {
      clearTimeout(bound);
    }
  }, 120_000);

  it('refuses unknown flags and non-positive intervals with a typed error, before starting anything', async () => {
    await expect(runStartCommand(['--colour', 'red'])).rejects.toThrow(/unknown flag/);
    await expect(runStartCommand(['--status-every', '0'])).rejects.toThrow(/greater than 0/);
    await expect(runStartCommand(['--duration', '-1'])).rejects.toThrow(/greater than 0/);
  });
});
