/**
 * Over a real local socket, each client in its own process (socket-client.ts) against the local
 * venue (socket-server.ts): the same BTC/USD book corpus per depth, at a fixed live rate and once
 * unpaced. Rounds interleave every client at every depth and pace; each client process lives
 * through all of them (a warm client, as a live one is), after one warm-up run per client that
 * is not counted. CPU time per frame sent, minimum over rounds.
 */
import { fork, type ChildProcess } from 'node:child_process';

export const SOCKET_KINDS = ['floor', 'client', 'data', 'ccxt'] as const;
export type SocketKind = (typeof SOCKET_KINDS)[number];

export interface SocketCell {
  readonly kind: SocketKind;
  readonly depth: number;
  readonly rate: number;
  readonly cpuNsPerFrame: number[];
  readonly refused: number;
  readonly delivered: number;
}

const TSX = ['--import', 'tsx'];

function start(file: string, args: string[], execArgv: string[] = []): ChildProcess {
  return fork(new URL(file, import.meta.url).pathname, args, {
    execArgv: [...TSX, ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function reply<T>(child: ChildProcess, message?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: T): void => {
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null): void => reject(new Error(`bench process exited (${code})`));
    child.once('message', onMessage);
    child.once('exit', onExit);
    if (message !== undefined) child.send(message);
  });
}

interface ClientResult {
  cpuUs: number;
  frames: number;
  refused: number;
  heapUsed?: number;
  error?: string;
}

export interface SocketPlan {
  readonly depths: readonly number[];
  readonly rates: readonly number[];
  readonly frames: number;
  readonly rounds: number;
  /** Frames for the data client's heap runs (small, then large), 0 to skip. */
  readonly heapFrames: readonly number[];
}

export interface SocketReport {
  readonly cells: SocketCell[];
  /** Heap used after a forced GC, after `frames` book frames through the data client (unpaced, depth 10). */
  readonly heap: { frames: number; heapUsed: number; deltas: number }[];
}

export async function runSocketBench(plan: SocketPlan, progress: (s: string) => void): Promise<SocketReport> {
  const server = start('./socket-server.ts', []);
  const { port } = await reply<{ port: number }>(server);
  const clients = new Map<SocketKind, ChildProcess>();
  for (const k of SOCKET_KINDS) {
    const child = start('./socket-client.ts', [k], k === 'data' ? ['--expose-gc'] : []);
    await reply(child);
    clients.set(k, child);
  }
  const cells = new Map<string, SocketCell>();
  const runOne = async (kind: SocketKind, depth: number, rate: number, frames: number, heap = false): Promise<ClientResult> => {
    await reply(server, { depth, frames, rate });
    const r = await reply<ClientResult>(clients.get(kind)!, { port, depth, heap });
    if (r.error !== undefined) throw new Error(`${kind} depth ${depth} rate ${rate}: ${r.error}`);
    return r;
  };
  try {
    for (const k of SOCKET_KINDS) await runOne(k, plan.depths[0]!, 0, Math.min(plan.frames, 10_000)); // warm-up
    for (let round = 0; round < plan.rounds; round++) {
      for (const depth of plan.depths) {
        for (const rate of plan.rates) {
          for (const kind of SOCKET_KINDS) {
            const r = await runOne(kind, depth, rate, plan.frames);
            const key = `${kind}:${depth}:${rate}`;
            const cell = cells.get(key) ?? { kind, depth, rate, cpuNsPerFrame: [], refused: 0, delivered: 0 };
            cell.cpuNsPerFrame.push((r.cpuUs * 1000) / plan.frames);
            cells.set(key, { ...cell, refused: cell.refused + r.refused, delivered: r.frames });
          }
        }
        progress(`socket round ${round + 1}/${plan.rounds} depth ${depth} done`);
      }
    }
    const heap: SocketReport['heap'] = [];
    for (const frames of plan.heapFrames) {
      const r = await runOne('data', 10, 0, frames, true);
      heap.push({ frames, heapUsed: r.heapUsed ?? 0, deltas: r.frames });
      progress(`heap run ${frames} done`);
    }
    return { cells: [...cells.values()], heap };
  } finally {
    for (const c of clients.values()) c.disconnect();
    server.disconnect();
  }
}
