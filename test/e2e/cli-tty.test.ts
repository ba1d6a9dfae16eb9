/**
 * `krakenkit stream` in a terminal, as a user sees it: run in a pseudo-terminal (util-linux
 * `script`), the view is redrawn in place about once a second with the market, the msgs/s rate,
 * the book's top levels and the last trades, and the command exits 0 after --duration.
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

describe.skipIf(!hasScript)('krakenkit stream on a terminal (skipped without util-linux script)', () => {
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
});
