/**
 * The bench's small sections: signing against ccxt's signer, instrument load of 1,000 pairs, and
 * the order path from intent to bytes (WS and REST), each timed in process.
 *
 * The order path's method (`orderPathBench` says it in full), and what changed in it on
 * 2026-12-07, so older rows are read rightly:
 * - WS: the answering server moved to a child process (in the bench's process its garbage landed
 *   on the heap the timed path allocates from); the clock now stops when `ws` hands the framed
 *   order to the Node socket (it stopped when `send` was entered, before `ws` framed and masked it).
 * - REST: the nonce state directory is a temp directory (the client's default for Kraken's host
 *   had put the fake key's nonce file under the user's home), and Kraken's
 *   rate-limit counters are on, as by default (the bench had turned them off).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { AssetPairsResult } from '../generated/spot-rest/types.gen.js';
import { responseValidators } from '../generated/spot-rest/validators.gen.js';
import { parseSpotInstruments } from '../src/adapter/instruments/spot-instruments.js';
import { ManualClock } from '../src/core/clock.js';
import { parseVenueJson } from '../src/core/json.js';
import { ApiCredentials } from '../src/kraken/common/credentials.js';
import { KrakenSpotRawHttpClient } from '../src/kraken/spot/http/raw-client.js';
import { KrakenSpotWsClient } from '../src/kraken/spot/ws/spot-ws-client.js';
import { encodeForm } from '../src/transport/form.js';
import type { HttpRequest, HttpResponse } from '../src/transport/http.js';
import { releaseKeyChannel } from '../src/transport/nonce.js';
import { futuresAuthent, spotApiSign } from '../src/transport/signing.js';
import { validateOrThrow } from '../src/transport/validation.js';
import ccxt from 'ccxt';

const SECRET = Buffer.alloc(64, 7).toString('base64');
const cpuUs = (): number => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

/** CPU µs per call of `f`, minimum over `rounds` interleaved rounds of `n` calls. */
export function perCall(fs: readonly (() => unknown)[], n: number, rounds: number): number[] {
  const best = fs.map(() => Number.POSITIVE_INFINITY);
  for (let r = -1; r < rounds; r++) {
    fs.forEach((f, k) => {
      const c0 = cpuUs();
      for (let i = 0; i < n; i++) f();
      const per = (cpuUs() - c0) / n;
      if (r >= 0) best[k] = Math.min(best[k]!, per);
    });
  }
  return best;
}

export interface SigningResult {
  readonly name: string;
  readonly krakenkitUs: number;
  readonly ccxtUs: number;
}

/**
 * Spot: the AddOrder body form-encoded and signed (API-Sign) as the raw client does it, against
 * ccxt's `sign()` for the same private call; Futures: sendorder's body and Authent against ccxt
 * krakenfutures' `sign()`. Both sides build the signed request from the same parameters.
 */
export function signingBench(n: number, rounds: number): SigningResult[] {
  const pro = ccxt as unknown as Record<string, new (c: object) => { sign(...a: unknown[]): unknown; nonce(): number }>;
  const spot = new pro['kraken']!({ apiKey: 'key', secret: SECRET });
  const futures = new pro['krakenfutures']!({ apiKey: 'key', secret: SECRET });
  const order = { ordertype: 'limit', type: 'buy', volume: '1.25000000', pair: 'XBTUSD', price: '45281.5' };
  const fOrder = { orderType: 'lmt', symbol: 'PF_XBTUSD', side: 'buy', size: '1', limitPrice: '45281.5' };
  // The raw clients sign with the key object their credentials make once (ApiCredentials.signingKey).
  const key = new ApiCredentials('key', SECRET).signingKey();
  let nonce = 1_700_000_000_000_000;
  const [kkSpot, ccSpot, kkFut, ccFut] = perCall(
    [
      () => {
        const n = String(nonce++);
        const body = encodeForm({ nonce: n, ...order });
        return spotApiSign('/0/private/AddOrder', n, body, key);
      },
      () => spot.sign('AddOrder', 'private', 'POST', { ...order }),
      () => {
        const n = String(nonce++);
        const body = encodeForm(fOrder);
        return futuresAuthent('/derivatives/api/v3/sendorder', n, body, key);
      },
      () => futures.sign('sendorder', 'private', 'POST', { ...fOrder }),
    ],
    n,
    rounds,
  );
  return [
    { name: 'Spot API-Sign (AddOrder form + HMAC-SHA512)', krakenkitUs: kkSpot!, ccxtUs: ccSpot! },
    { name: 'Futures Authent (sendorder + HMAC-SHA512)', krakenkitUs: kkFut!, ccxtUs: ccFut! },
  ];
}

/** AssetPairs with `count` pairs, built from the repository's own fixture pair (XBT/USD) renamed. */
export function assetPairsText(count: number): string {
  const text = readFileSync(new URL('../fixtures/spot/http/http_get_asset_pairs.json', import.meta.url), 'utf8');
  const fixture = JSON.parse(text) as { result: Record<string, Record<string, unknown>> };
  const template = JSON.stringify(fixture.result['XXBTZUSD']);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = `Q${String(i).padStart(4, '0')}`;
    const pair = template
      .replace('"altname":"XBTUSD"', `"altname":"${base}USD"`)
      .replace('"wsname":"XBT/USD"', `"wsname":"${base}/USD"`)
      .replace('"base":"XXBT"', `"base":"${base}"`);
    parts.push(`"${base}ZUSD":${pair}`);
  }
  return `{"error":[],"result":{${parts.join(',')}}}`;
}

/** The instrument load's CPU µs, in stages, against a bare JSON.parse of the same text. */
export interface InstrumentLoadResult {
  readonly jsonParseUs: number;
  /** `parseVenueJson`: the lossless decode (exact number text kept). */
  readonly decodeUs: number;
  /** The decode and the generated AssetPairs validator. */
  readonly validatedUs: number;
  /** The whole load: decode, validator, `parseSpotInstruments`. */
  readonly loadUs: number;
  readonly instruments: number;
}

/**
 * CPU µs to turn the AssetPairs text into instruments vs JSON.parse of it. The stages are timed
 * cumulatively (each run starts from the text), since the validator rewrites decimals in place
 * and so cannot be timed twice on one decoded value.
 */
export function instrumentLoadBench(count: number, rounds: number): InstrumentLoadResult {
  const text = assetPairsText(count);
  let made = 0;
  const decode = (): unknown => (parseVenueJson(text) as { result: unknown }).result;
  const validated = (): AssetPairsResult => validateOrThrow(responseValidators.AssetPairs, decode(), 'AssetPairs');
  const load = (): void => {
    made = parseSpotInstruments(validated(), undefined, 0n).instruments.length;
  };
  const [jsonParseUs, decodeUs, validatedUs, loadUs] = perCall([() => JSON.parse(text) as unknown, decode, validated, load], 3, rounds);
  return { jsonParseUs: jsonParseUs!, decodeUs: decodeUs!, validatedUs: validatedUs!, loadUs: loadUs!, instruments: made };
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

export interface OrderPathResult {
  readonly name: string;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly samples: number;
}

/**
 * The venue stand-in for the WS rows, in its own process: it answers each `add_order` at once. A
 * server in the bench's process would put its own garbage (the parsed request, the answer, its
 * frames) on the heap the timed path allocates from, and charge part of its collections to the
 * path; in a child it costs the path nothing but the answer's bytes.
 */
function startAckServer(): Promise<{ port: number; stop: () => void }> {
  const wsModule = createRequire(import.meta.url).resolve('ws');
  const code = `
    const { WebSocketServer } = require(${JSON.stringify(wsModule)});
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    wss.on('listening', () => process.stdout.write(wss.address().port + '\\n'));
    wss.on('connection', (ws) => ws.on('message', (d) => {
      const m = JSON.parse(d.toString('utf8'));
      const t = new Date().toISOString();
      ws.send(JSON.stringify({ method: m.method, req_id: m.req_id, success: true,
        result: { order_id: 'OABCDE-FGHIJ-KLMNOP' }, time_in: t, time_out: t }));
    }));
    process.stdin.on('end', () => process.exit(0));
    process.stdin.resume();`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (d: Buffer) => resolve({ port: Number(d.toString('utf8').trim()), stop: () => child.stdin.end() }));
  });
}

/**
 * Intent → bytes: from the call that places an order to the moment its bytes have been handed to
 * the socket, wall time per order, in process; each order waits for its answer before the next.
 *
 * - WS: `KrakenSpotWsClient.request('add_order')` until `ws` has framed and masked the encoded
 *   order and hands it to the Node socket (`net.Socket` write). The write system call is not
 *   counted: on loopback it also runs the kernel's delivery into the peer's socket and wakes the
 *   peer (about 20 µs at the median here, the larger part of its tail), work a remote venue's
 *   kernel does, not this process. The answering server runs in a child process (see
 *   `startAckServer`).
 * - REST: `KrakenSpotRawHttpClient.request('AddOrder')` until an injected HTTP transport receives
 *   the signed request (undici's own work is not the client's path). The client runs as it does
 *   against Kraken by default: the nonce persisted to a state directory before each request (a
 *   temp directory here, never the user's) and Kraken's rate-limit counters on; the limiter's
 *   clock moves 1 s between orders, outside the timed window, so its counters never hold an order
 *   and the row measures the limiter's bookkeeping, not a wait.
 *
 * Wall time includes any time the process waits for a CPU: on a loaded machine the tails show
 * the scheduler as much as the code (the run header prints the load average).
 */
export async function orderPathBench(orders: number): Promise<OrderPathResult[]> {
  // The clock stops when `ws` hands the framed order to the Node socket: the first socket write
  // inside the `send` of an `add_order` (a frame is written as one or two buffers, corked).
  const proto = WebSocket.prototype as unknown as { send: (...args: unknown[]) => void };
  const socketProto = Socket.prototype as unknown as { write: (...args: unknown[]) => boolean };
  const send = proto.send;
  const write = socketProto.write;
  let sending = false;
  let sentAt = 0n;
  proto.send = function (this: WebSocket, ...args: unknown[]) {
    sending = typeof args[0] === 'string' && args[0].startsWith('{"method":"add_order"');
    try {
      send.apply(this, args);
    } finally {
      sending = false;
    }
  };
  socketProto.write = function (this: Socket, ...args: unknown[]) {
    if (sending) {
      sentAt = process.hrtime.bigint();
      sending = false;
    }
    return write.apply(this, args);
  };
  const server = await startAckServer();
  const ws = new KrakenSpotWsClient({ url: `ws://127.0.0.1:${server.port}`, tokenProvider: () => Promise.resolve('token') });
  await ws.connect();
  const wsUs: number[] = [];
  for (let i = -200; i < orders; i++) {
    const t0 = process.hrtime.bigint();
    const answered = ws.request('add_order', {
      order_type: 'limit',
      side: 'buy',
      order_qty: '1.25000000',
      symbol: 'BTC/USD',
      limit_price: '45281.5',
      cl_ord_id: `bench-${i + 200}`,
    });
    const us = Number(sentAt - t0) / 1000;
    await answered;
    if (i >= 0) wsUs.push(us);
  }
  await ws.close();
  proto.send = send;
  socketProto.write = write;
  server.stop();

  let requestedAt = 0n;
  const answer = JSON.stringify({
    error: [],
    result: { descr: { order: 'buy 1.25000000 XBTUSD @ limit 45281.5' }, txid: ['OABCDE-FGHIJ-KLMNOP'] },
  });
  const transport = {
    request(req: HttpRequest): Promise<HttpResponse> {
      void req;
      requestedAt = process.hrtime.bigint();
      return Promise.resolve({ status: 200, headers: {}, text: answer });
    },
    close: () => Promise.resolve(),
  };
  const stateDir = mkdtempSync(join(tmpdir(), 'krakenkit-bench-nonce-'));
  const clock = new ManualClock();
  const apiKey = `bench-order-path-${process.pid}`;
  const rest = new KrakenSpotRawHttpClient({ apiKey, apiSecret: SECRET, transport: transport as never, nonceStateDir: stateDir, clock });
  const restUs: number[] = [];
  try {
    for (let i = -200; i < orders; i++) {
      clock.advance(1_000);
      const t0 = process.hrtime.bigint();
      await rest.request('AddOrder', { ordertype: 'limit', type: 'buy', volume: '1.25000000', pair: 'XBTUSD', price: '45281.5' });
      if (i >= 0) restUs.push(Number(requestedAt - t0) / 1000);
    }
  } finally {
    releaseKeyChannel('spot', apiKey);
    rmSync(stateDir, { recursive: true, force: true });
  }
  const row = (name: string, xs: number[]): OrderPathResult => ({
    name,
    p50Us: quantile(xs, 0.5),
    p99Us: quantile(xs, 0.99),
    samples: xs.length,
  });
  return [
    row('WS add_order (KrakenSpotWsClient.request → framed bytes to the socket)', wsUs),
    row('REST AddOrder (KrakenSpotRawHttpClient.request → HTTP transport; nonce persisted, rate limiter on)', restUs),
  ];
}
