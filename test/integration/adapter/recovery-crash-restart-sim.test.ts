/**
 * Crash and restart mid-trading, through a TradingNode against the simulator: the node runs in a
 * child process (recovery-node-process.ts) and is killed with SIGKILL while the simulator (in
 * this process) keeps running; fills happen while it is down; a new node on the same key, its
 * clock set a minute back, starts from the persisted nonce and the stale lock, and its startup
 * reconciliation makes orders, fills and positions equal the simulator's ledger exactly, every
 * fill applied once and none inferred. A control restart without the persisted nonce is refused,
 * and so is a second node on the key while the first runs.
 * (The clock set back also pins that the mass status reads are not bounded by the node's own
 * "now": with that bound, the fills made in the minute before the restart were missed.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/model/values.js';
import { startKrakenSim, type KrakenSim } from '../../../src/sim/start.js';
import { keyFileStem } from '../../../src/transport/nonce-store.js';
import type { ChildConfig, ChildFill, ChildOrder, ChildOrderState, ChildPosition } from './recovery-node-process.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const SCRIPT = 'test/integration/adapter/recovery-node-process.ts';
const ACCOUNT = 'crash';

interface Message {
  readonly event: string;
  readonly [field: string]: unknown;
}

interface Dump {
  readonly orders: ChildOrderState[];
  readonly positions: ChildPosition[];
  readonly fills: ChildFill[];
}

/** A node process and the JSON lines it has said so far. */
class NodeProcess {
  readonly messages: Message[] = [];
  readonly stderr: string[] = [];
  exitCode: number | null | undefined = undefined;
  readonly exited: Promise<void>;

  constructor(readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        this.messages.push(JSON.parse(line) as Message);
      } catch {
        this.stderr.push(`(stdout) ${line}`);
      }
    });
    child.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.exited = new Promise((done) =>
      child.once('exit', (code) => {
        this.exitCode = code;
        done();
      }),
    );
  }

  /** Waits (bounded) for the first message matching `match`, failing early if the process exits. */
  async waitFor(what: string, match: (m: Message) => boolean, timeoutMs = 60_000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found !== undefined) return found;
      if (this.exitCode !== undefined) throw new Error(`node process exited (${this.exitCode}) before ${what}: ${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${this.tail()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async dump(): Promise<Dump> {
    const before = this.messages.length;
    this.child.stdin!.write('dump\n');
    const m = await this.waitFor('dump', (x) => x.event === 'dump' && this.messages.indexOf(x) >= before);
    return m as unknown as Dump;
  }

  async stop(): Promise<void> {
    if (this.exitCode !== undefined) return;
    this.child.stdin!.write('stop\n');
    await this.exited;
  }

  tail(): string {
    return `${this.stderr.join('').slice(-3000)}\n${JSON.stringify(this.messages.slice(-5))}`;
  }
}

let sim: KrakenSim;
let stateDir: string;
const processes: NodeProcess[] = [];

beforeAll(async () => {
  // Wall-clock venue: the node processes run on the system clock.
  sim = await startKrakenSim({ seed: 4313, market: false, accounts: [{ id: ACCOUNT, tier: 'intermediate' }, { id: 'maker' }] });
  stateDir = mkdtempSync(join(tmpdir(), 'krakenkit-crash-'));
});
afterEach(async () => {
  for (const p of processes.splice(0)) {
    p.child.kill('SIGKILL');
    await p.exited;
  }
});
afterAll(async () => {
  expect(sim.internalErrors).toEqual([]);
  await sim.close();
  rmSync(stateDir, { recursive: true, force: true });
});

function startNode(options: { nonceStateDir: string | false; clockSkewMs: number; orders: readonly ChildOrder[] }): NodeProcess {
  const creds = sim.accounts.find((a) => a.id === ACCOUNT)!.spot;
  const cfg: ChildConfig = {
    spotRest: sim.urls.spotRest,
    spotWsPublic: sim.urls.spotWsPublic,
    spotWsAuth: sim.urls.spotWsAuth,
    apiKey: creds.apiKey,
    apiSecret: creds.apiSecret,
    ...options,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, RECOVERY_NODE: JSON.stringify(cfg), KRAKENKIT_LOG_LEVEL: 'INFO' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const p = new NodeProcess(child);
  processes.push(p);
  return p;
}

function makerCrosses(side: 'buy' | 'sell', volume: string, price: string): void {
  sim.engine.spot.addOrder('maker', { pair: 'XBTUSD', side, orderType: 'limit', volume, price: { kind: 'absolute', value: price } });
}

const dec = (s: string) => Decimal.fromStr(s);
const sameDecimal = (a: string, b: string) => dec(a).compare(dec(b)) === 0;

describe('crash and restart mid-trading, through a TradingNode', () => {
  it('a node killed with SIGKILL, fills while it is down, a new node on the same key: orders, fills and positions equal the venue ledger, each fill once', async () => {
    const plan: ChildOrder[] = [
      { clientOrderId: 'crash-a', side: 'BUY', quantity: '0.004', price: '30000.0' },
      { clientOrderId: 'crash-b', side: 'BUY', quantity: '0.005', price: '29000.0' },
      { clientOrderId: 'crash-c', side: 'BUY', quantity: '0.006', price: '28000.0' },
      { clientOrderId: 'crash-d', side: 'SELL', quantity: '0.002', price: '95000.0' },
    ];
    const first = startNode({ nonceStateDir: stateDir, clockSkewMs: 0, orders: plan });
    await first.waitFor('running', (m) => m.event === 'running');
    for (const o of plan)
      await first.waitFor(`${o.clientOrderId} accepted`, (m) => m.event === 'accepted' && m['clientOrderId'] === o.clientOrderId);
    // Only one process signs for a key: a second node on it refuses to start, naming the first.
    const intruder = startNode({ nonceStateDir: stateDir, clockSkewMs: 0, orders: [] });
    const refusedStart = await intruder.waitFor('refusal', (m) => m.event === 'failed');
    expect(String(refusedStart['message'])).toContain(`process ${first.child.pid} on`);
    await intruder.exited;
    expect(intruder.exitCode).toBe(1);

    // A fill while the first node runs: it sees it live.
    makerCrosses('sell', '0.004', '30000.0');
    await first.waitFor('crash-a filled', (m) => m.event === 'filled' && m['clientOrderId'] === 'crash-a');

    const creds = sim.accounts.find((a) => a.id === ACCOUNT)!.spot;
    const stem = keyFileStem('spot', creds.apiKey);
    const nonceFile = join(stateDir, `${stem}.nonce`);
    const lockFile = join(stateDir, `${stem}.lock`);
    expect(existsSync(lockFile)).toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(first.exitCode).toBeNull(); // killed, no clean exit: the lock stays behind
    expect(existsSync(lockFile)).toBe(true);
    const lastNonce = BigInt(readFileSync(nonceFile, 'utf8').trim());

    // While it is down: crash-b fills in full over two trades, crash-d partly; crash-c stays open.
    makerCrosses('sell', '0.002', '29000.0');
    makerCrosses('sell', '0.003', '29000.0');
    makerCrosses('buy', '0.0015', '95000.0');
    const venueTrades = sim.engine.spot.tradesHistory(ACCOUNT).trades;
    expect(venueTrades).toHaveLength(4);

    // Control: the same restart without the persisted nonce goes back a minute and Kraken refuses it.
    const forgetful = startNode({ nonceStateDir: false, clockSkewMs: -60_000, orders: [] });
    const refused = await forgetful.waitFor('refusal', (m) => m.event === 'failed');
    expect(String(refused['message'])).toMatch(/nonce/i);
    await forgetful.exited;

    // The restart: same key, same state directory, clock a minute back.
    const second = startNode({ nonceStateDir: stateDir, clockSkewMs: -60_000, orders: [] });
    const running = await second.waitFor('running', (m) => m.event === 'running');
    const reconciliation = running['reconciliation'] as {
      ok: boolean;
      inferredFills: number;
      fillsApplied: number;
      externalOrders: number;
    };
    expect(reconciliation.ok).toBe(true);
    expect(reconciliation.inferredFills).toBe(0); // every fill came from Kraken's trade records, none was guessed
    expect(reconciliation.fillsApplied).toBe(4);
    expect(BigInt(readFileSync(nonceFile, 'utf8').trim())).toBeGreaterThan(lastNonce);

    const dump = await second.dump();

    // Orders: every venue order that is open or has fills, with the venue's status and filled quantity.
    const venueOpen = sim.engine.spot.openOrders(ACCOUNT);
    const venueClosed = sim.engine.spot.closedOrders(ACCOUNT).orders.filter((o) => !dec(o.volExec).isZero());
    const expected = [...venueOpen, ...venueClosed]
      .map((o) => ({ venueOrderId: o.txid, clientOrderId: o.clOrdId, filled: o.volExec, open: o.status === 'open' }))
      .sort((a, b) => a.venueOrderId.localeCompare(b.venueOrderId));
    const local = dump.orders
      .map((o) => ({
        venueOrderId: o.venueOrderId,
        clientOrderId: o.clientOrderId,
        filled: o.filledQty,
        open: o.status === 'ACCEPTED' || o.status === 'PARTIALLY_FILLED',
      }))
      .sort((a, b) => (a.venueOrderId ?? '').localeCompare(b.venueOrderId ?? ''));
    expect(local.map((o) => [o.venueOrderId, o.clientOrderId, o.open])).toEqual(
      expected.map((o) => [o.venueOrderId, o.clientOrderId, o.open]),
    );
    for (const [i, o] of local.entries()) expect(sameDecimal(o.filled, expected[i]!.filled), o.clientOrderId).toBe(true);
    const statusOf = (id: string) => dump.orders.find((o) => o.clientOrderId === id)?.status;
    expect(['crash-a', 'crash-b', 'crash-c', 'crash-d'].map(statusOf)).toEqual(['FILLED', 'FILLED', 'ACCEPTED', 'PARTIALLY_FILLED']);

    // Fills: exactly the venue's trades, each once, with its quantity, price and fee.
    expect(dump.fills.map((f) => f.tradeId).sort()).toEqual(venueTrades.map((t) => t.txid).sort());
    for (const t of venueTrades) {
      const f = dump.fills.find((x) => x.tradeId === t.txid)!;
      expect([
        f.venueOrderId,
        sameDecimal(f.quantity, t.vol),
        sameDecimal(f.price, t.price),
        sameDecimal(f.commission ?? '0', t.fee),
      ]).toEqual([t.ordertxid, true, true, true]);
    }

    // Positions: the net of the venue's trades, at their average price.
    let net = dec('0');
    for (const t of venueTrades) net = t.side === 'buy' ? net.add(dec(t.vol)) : net.sub(dec(t.vol));
    const position = dump.positions.find((p) => p.instrumentId === 'BTC/USD.KRAKEN');
    expect(position).toBeDefined();
    expect(sameDecimal(position!.signedQty, net.toString())).toBe(true);

    // The restarted node trades on: a live fill of the order it adopted arrives once, and nothing before it again.
    makerCrosses('sell', '0.006', '28000.0');
    await second.waitFor('crash-c filled live', (m) => m.event === 'filled' && m['clientOrderId'] === 'crash-c');
    const allTrades = sim.engine.spot.tradesHistory(ACCOUNT).trades;
    expect(allTrades).toHaveLength(5);
    const again = await second.dump();
    expect(again.fills.map((f) => f.tradeId).sort()).toEqual(allTrades.map((t) => t.txid).sort());
    expect(again.orders.find((o) => o.clientOrderId === 'crash-c')?.status).toBe('FILLED');
    const after = again.positions.find((p) => p.instrumentId === 'BTC/USD.KRAKEN')!;
    expect(sameDecimal(after.signedQty, net.add(dec('0.006')).toString())).toBe(true);
    await second.stop();
    expect(second.exitCode).toBe(0);
  }, 180_000);
});
