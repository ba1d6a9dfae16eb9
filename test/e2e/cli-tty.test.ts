/**
 * `krakenkit stream` and `krakenkit start` in a terminal, as a user sees them: run in a
 * pseudo-terminal (util-linux `script`), each view is redrawn in place about once a second (the
 * market, msgs/s, the book and last trades; for the main job also orders, positions and PnL,
 * balances, reconciliation, rate-limit headroom and resyncs), and the command exits 0 after
 * --duration.
 */
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const hasScript = spawnSync('script', ['--version']).status === 0;

function runInPty(command: string, timeoutMs: number): Promise<{ code: number | null; text: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: process.cwd(),
      env: { ...process.env, KRAKENKIT_LOG_LEVEL: 'error' },
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no exit within ${timeoutMs} ms; output so far:\n${text}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, text });
    });
  });
}

describe.skipIf(!hasScript)('krakenkit on a terminal (skipped without util-linux script)', () => {
  it('redraws the market view in place about once a second and exits 0 after --duration', async () => {
    const { code, text } = await runInPty(
      `${process.execPath} --import tsx src/cli/main.ts stream BTC/USD --book --depth 10 --duration 4`,
      90_000,
    );
    expect(code).toBe(0);
    const frames = text.split('\x1b[H\x1b[2J').slice(1);
    expect(frames.length).toBeGreaterThanOrEqual(2);
    const last = frames[frames.length - 2]!; // the final frame may be cut by the stop line
    expect(last).toMatch(/^BTC\/USD\.KRAKEN on simulator {2}\S+ {2}\d+ msgs\/s {2}\(Ctrl-C to stop\)\r?\n/);
    expect(last).toMatch(/\nbid \d+\.\d x \d+\.\d{8} \| ask \d+\.\d x \d+\.\d{8}\r?\n/);
    const levels = last.split(/\r?\n/).filter((l) => /^\s+\d+\.\d{8}\s+\d+\.\d \| \d+\.\d\s+\d+\.\d{8}$/.test(l));
    expect(levels).toHaveLength(10);
    expect(last).toContain('last trades:');
    expect(text).toMatch(/stopped: [1-9]\d* quotes, \d+ trades, [1-9]\d* book updates/);
  }, 120_000);

  it('npm start draws the main job in place: books, trades, msgs/s, orders, positions and PnL, balances, reconciliation, rate limits, resyncs', async () => {
    const { code, text } = await runInPty(`${process.execPath} --import tsx src/cli/main.ts start --duration 12 --step-secs 1`, 120_000);
    expect(code, text).toBe(0);
    const frames = text.split('\x1b[H\x1b[2J').slice(1);
    expect(frames.length).toBeGreaterThanOrEqual(3);
    // The last complete frame: the final one may be cut by the stop lines.
    const last = frames[frames.length - 2]!;
    expect(last).toMatch(/^krakenkit main job on the embedded Kraken simulator {2}\S+ {2}\d+ msgs\/s {2}\(Ctrl-C to stop\)\r?\n/);
    for (const id of ['BTC/USD\\.KRAKEN', 'PF_XBTUSD\\.KRAKEN']) {
      expect(last).toMatch(
        new RegExp(
          `\\n${id}\\r?\\n {2}book verified: bid \\d+(\\.\\d+)? x \\d+\\.\\d+ \\| ask \\d+(\\.\\d+)? x \\d+\\.\\d+ {2}\\(resyncs \\d+\\)\\r?\\n {2}last trade: (BUYER|SELLER) `,
        ),
      );
      expect(last).toMatch(
        new RegExp(`\\n {2}${id} (FLAT|LONG \\S+ @ \\S+) {2}realised PnL -?\\d+\\.\\d+ USD, unrealised PnL -?\\d+(\\.\\d+)? USD\\r?\\n`),
      );
    }
    expect(last).toMatch(/\norders: \d+ open, [1-9]\d* filled, [1-9]\d* cancelled, \d+ rejected \(\d+ in all\); fills [1-9]\d*\r?\n/);
    expect(last).toMatch(/\nbalances: .*\d+\.\d+ USD/);
    expect(last).toMatch(/\nreconciliation: ok \(external orders 0, fills applied 0, positions corrected 0\)\r?\n/);
    expect(last).toMatch(/\nrate limits: Spot REST \d+\.\d\/\d+ free, Futures \d+\.\d\/500 free\r?\n/);
    expect(text).toMatch(/summary: \d+ orders \(0 open, /);
  }, 150_000);
});
