/**
 * The bench's local venue: a WebSocket server on 127.0.0.1 in its own process. The runner (IPC)
 * sets what the next connection gets: `{ depth, frames, rate }`. A client connects and subscribes
 * (Kraken's Spot v2 `subscribe`, answered with a success ack); 300 ms later the server streams
 * the BTC/USD book corpus of that depth, paced at `rate` frames/s (0: as fast as the socket takes
 * them, waiting only on the socket's buffer), then closes with 1000 "end".
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { generateCorpus } from './corpus.js';

interface Plan {
  depth: number;
  frames: number;
  rate: number;
}

const SEED = 0x6b72616b;
const corpora = new Map<string, string[]>();
let plan: Plan = { depth: 10, frames: 1000, rate: 0 };

/** Longer streams replay the corpus from its snapshot (a new snapshot resets the book). */
const MAX_CORPUS = 100_000;

/** BTC/USD book frames only (a snapshot, then updates). */
function corpusFor(depth: number, wanted: number): string[] {
  const frames = Math.min(wanted, MAX_CORPUS);
  const key = `${depth}:${frames}`;
  let c = corpora.get(key);
  if (c === undefined) {
    c = generateCorpus({ seed: SEED + depth, messages: frames, depth, symbols: 1, bookShare: 1 }).frames;
    corpora.set(key, c);
  }
  return c;
}

const now = (): string => new Date().toISOString();

function stream(ws: WebSocket, frames: readonly string[], total: number, rate: number): void {
  let i = 0;
  const n = frames.length;
  const t0 = process.hrtime.bigint();
  const step = (): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (rate > 0) {
      // Every frame due by now goes out; the loop turns every few tens of µs, so at a live rate
      // frames leave one or two at a time, as they do from Kraken.
      const due = Math.min(total, Math.floor((Number(process.hrtime.bigint() - t0) / 1e9) * rate) + 1);
      while (i < due) ws.send(frames[i++ % n]!);
    } else {
      while (i < total && ws.bufferedAmount < 1 << 20) ws.send(frames[i++ % n]!);
    }
    if (i < total) setImmediate(step);
    else ws.close(1000, 'end');
  };
  step();
}

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('connection', (ws) => {
  const current = plan;
  ws.on('message', (data) => {
    const msg = JSON.parse((data as Buffer).toString('utf8')) as {
      method?: string;
      req_id?: number;
      params?: { channel?: string; symbol?: string[] };
    };
    if (msg.method === 'ping') {
      ws.send(JSON.stringify({ method: 'pong', req_id: msg.req_id, time_in: now(), time_out: now() }));
      return;
    }
    if (msg.method !== 'subscribe') return;
    for (const symbol of msg.params?.symbol ?? []) {
      ws.send(
        JSON.stringify({
          method: 'subscribe',
          req_id: msg.req_id,
          success: true,
          result: { channel: msg.params?.channel, symbol, depth: current.depth, snapshot: true },
          time_in: now(),
          time_out: now(),
        }),
      );
    }
    const frames = corpusFor(current.depth, current.frames);
    setTimeout(() => stream(ws, frames, current.frames, current.rate), 300);
  });
});
wss.on('listening', () => {
  const address = wss.address();
  process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 });
});
process.on('message', (m: Plan & { prepare?: boolean }) => {
  plan = { depth: m.depth, frames: m.frames, rate: m.rate };
  corpusFor(m.depth, m.frames);
  process.send?.({ ready: true });
});
process.on('disconnect', () => process.exit(0));
