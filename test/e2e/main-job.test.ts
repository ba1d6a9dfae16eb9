/**
 * The main job (`npm start`) end to end, as a child process the way a user runs it. Against the
 * embedded simulator: within 30 s of running it shows market data, orders placed, filled and
 * cancelled, a position and PnL that change, and on SIGINT it cancels, disarms the dead man's
 * switch, prints its summary and exits 0. Against a simulator the test owns (endpoint flags,
 * credentials in the environment as a user would set them): after SIGINT the summary's orders,
 * fills and positions equal what the simulator's own REST endpoints report.
 */
import { describe, expect, it } from 'vitest';
import { spawnJob, statusCounts, type JobProcess, type StatusCounts } from './main-job-process.js';

/** Waits (bounded) until the plain status lines have shown the whole round trip, and PnL moving. */
async function waitForTrading(job: JobProcess, timeoutMs: number): Promise<StatusCounts[]> {
  const seen = (): StatusCounts[] => job.out.map(statusCounts).filter((s): s is StatusCounts => s !== null);
  const shown = () => {
    const s = seen();
    const last = s.at(-1);
    return (
      last !== undefined &&
      last.filled >= 4 &&
      last.cancelled >= 2 &&
      s.some((x) => x.rate > 0) &&
      s.some((x) => /LONG/.test(x.positions)) &&
      new Set(s.filter((x) => x.fills > 0).map((x) => x.pnl)).size >= 2
    );
  };
  await job.waitForLine('orders filled and cancelled, a position, PnL moving', () => shown(), timeoutMs);
  return seen();
}

describe('npm start: the main job against the embedded simulator', () => {
  it('trades within 30 s of running, and on SIGINT cancels, disarms, prints its summary and exits 0', async () => {
    const job = spawnJob(['--status-every', '1']);
    try {
      // Startup (tsx compiling the CLI, the simulator, connect, reconcile) is bounded apart from the 30 s.
      await job.waitForLine('the node running', (l) => l.startsWith('main job running on the embedded Kraken simulator'), 90_000);
      expect(job.err.some((l) => /^embedded Kraken simulator: Spot REST http:\/\/127\.0\.0\.1:\d+/.test(l))).toBe(true);
      const statuses = await waitForTrading(job, 30_000);
      const last = statuses.at(-1)!;
      expect(last.fills).toBeGreaterThanOrEqual(4);
      expect(job.out.some((l) => /\| reconciliation ok /.test(l))).toBe(true);
      expect(job.out.some((l) => /\| rate limits Spot REST \d+\.\d\/\d+ free, Futures \d+\.\d\/500 free \|/.test(l))).toBe(true);
      expect(job.out.some((l) => /\| balances .*\d USD/.test(l))).toBe(true);
      job.child.kill('SIGINT');
      expect(await job.exited, job.text()).toBe(0);
    } finally {
      job.child.kill('SIGKILL');
    }
    const out = job.out;
    const head = out.find((l) => l.startsWith('summary: '));
    expect(head, job.text()).toMatch(/^summary: (\d+) orders \(0 open, (\d+) filled, (\d+) cancelled, 0 rejected\), (\d+) fills$/);
    const [, orders, filled, cancelled, fills] =
      /^summary: (\d+) orders \(0 open, (\d+) filled, (\d+) cancelled, 0 rejected\), (\d+) fills$/.exec(head!)!.map(Number);
    expect(out.filter((l) => l.startsWith('order ')).length).toBe(orders);
    expect(out.filter((l) => l.startsWith('fill ')).length).toBe(fills);
    expect(filled! + cancelled!).toBe(orders);
    expect(fills).toBeGreaterThanOrEqual(filled!);
    expect(out.filter((l) => /^position (BTC\/USD|PF_XBTUSD)\.KRAKEN (FLAT 0|LONG \S+ @ \S+)$/.test(l))).toHaveLength(2);
    expect(out.filter((l) => /^pnl \S+ realised -?\d+\.\d+ USD unrealised -?\d+(\.\d+)? USD$/.test(l))).toHaveLength(2);
    expect(out).toContain("dead man's switch: Spot disarmed, Futures disarmed");
    expect(job.err.some((l) => l.startsWith('stopping (SIGINT): strategy halted, cancelling open orders'))).toBe(true);
  }, 180_000);
});
