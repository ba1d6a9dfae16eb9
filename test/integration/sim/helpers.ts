/**
 * Helpers for the simulator's integration tests: a simulator on a manual clock, signed Spot and
 * Futures REST calls built straight from Kraken's documented algorithms, and a WS probe that
 * collects frames (decoded losslessly, as a client must).
 */
import WebSocket from 'ws';
import { afterAll, afterEach, expect } from 'vitest';
import { startKrakenSim, ManualClock, type KrakenSim, type KrakenSimOptions } from '../../../src/sim/index.js';
import { futuresAuthent, spotApiSign } from '../../../src/transport/signing.js';
import { parseVenueJson } from '../../../src/core/json.js';
import type { Validator } from '../../../src/transport/validation.js';
import { wsText } from '../../helpers/ws-text.js';

export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

export interface TestSim extends KrakenSim {
  readonly manual: ManualClock;
  /** Moves simulated time and lets the engine catch up. */
  advance(ms: number): void;
}

/** Every simulator a test file started and has not yet checked after closing. */
const liveSims = new Set<KrakenSim & { closedByTest?: boolean }>();

/**
 * The simulator must not hide its own bugs: any exception it answered with a generic Kraken
 * error (`EGeneral:Internal error`, `Server Error`) or dropped in a WS fan-out is in
 * `sim.internalErrors`, and fails the test that caused it. Registered here, at import, so every
 * test file that starts a simulator through these helpers gets the check.
 */
export function assertNoInternalErrors(sim: KrakenSim): void {
  const found = sim.internalErrors.map(
    (e) => `${e.where}: ${e.error instanceof Error ? (e.error.stack ?? e.error.message) : String(e.error)}`,
  );
  expect(found, 'simulator internal errors').toEqual([]);
}

function checkLiveSims(): void {
  for (const sim of liveSims) {
    if (sim.closedByTest) liveSims.delete(sim);
    assertNoInternalErrors(sim);
  }
}
afterEach(checkLiveSims);
afterAll(checkLiveSims);

export async function startTestSim(options: KrakenSimOptions = {}): Promise<TestSim> {
  const manual = new ManualClock(T0);
  const sim: KrakenSim & { closedByTest?: boolean } = await startKrakenSim({ seed: 42, clock: manual, ...options });
  liveSims.add(sim);
  const close = sim.close.bind(sim);
  manual.advance(3000);
  sim.tick();
  return Object.assign(sim, {
    close: async () => {
      sim.closedByTest = true;
      await close();
    },
    manual,
    advance(ms: number) {
      manual.advance(ms);
      sim.tick();
    },
  });
}

let nonceCounter = BigInt(Date.now()) * 1000n;
export const nextNonce = (): string => (++nonceCounter).toString();

export interface SpotCallOptions {
  readonly json?: boolean;
  readonly apiKey?: string;
  readonly apiSecret?: string;
  readonly nonce?: string;
  /** Tamper with the signature. */
  readonly badSign?: boolean;
  /** Abort the request after this many ms. */
  readonly timeoutMs?: number;
}

export async function spotPublic(
  sim: KrakenSim,
  method: string,
  query: Record<string, string> = {},
): Promise<{ error: string[]; result?: any }> {
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`${sim.urls.spotRest}/0/public/${method}${qs === '' ? '' : `?${qs}`}`);
  expect200(res.status);
  return parseVenueJson(await res.text()) as { error: string[]; result?: any };
}

export async function spotPrivate(
  sim: KrakenSim,
  method: string,
  params: Record<string, unknown> = {},
  o: SpotCallOptions = {},
): Promise<{ error: string[]; result?: any }> {
  const path = `/0/private/${method}`;
  const nonce = o.nonce ?? nextNonce();
  const body = o.json
    ? JSON.stringify({ nonce, ...params })
    : new URLSearchParams({ nonce, ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) }).toString();
  const secret = o.apiSecret ?? sim.credentials.spot.apiSecret;
  let sign = spotApiSign(path, nonce, body, secret);
  if (o.badSign) sign = `${sign.slice(0, -4)}AAA=`;
  const res = await fetch(`${sim.urls.spotRest}${path}`, {
    method: 'POST',
    headers: {
      'API-Key': o.apiKey ?? sim.credentials.spot.apiKey,
      'API-Sign': sign,
      'content-type': o.json ? 'application/json' : 'application/x-www-form-urlencoded',
    },
    body,
    ...(o.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(o.timeoutMs) }),
  });
  expect200(res.status);
  return parseVenueJson(await res.text()) as { error: string[]; result?: any };
}

/** A WS token from `GetWebSocketsToken`, fetched with the Spot key of the simulator's account `account`. */
export async function wsTokenOf(sim: TestSim, account: number): Promise<string> {
  const { spot } = sim.accounts[account]!;
  const r = await spotPrivate(sim, 'GetWebSocketsToken', {}, { apiKey: spot.apiKey, apiSecret: spot.apiSecret });
  if (r.error.length > 0) throw new Error(`GetWebSocketsToken refused: ${r.error.join(', ')}`);
  return String(r.result.token);
}

function expect200(status: number): void {
  if (status !== 200) throw new Error(`HTTP ${status}`);
}

export async function futuresPublic(sim: KrakenSim, path: string): Promise<any> {
  const res = await fetch(`${sim.urls.futuresRest}${path}`);
  return parseVenueJson(await res.text());
}

export async function futuresPrivate(
  sim: KrakenSim,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  params: Record<string, string> = {},
  o: { nonce?: string; apiKey?: string; badSign?: boolean } = {},
): Promise<{ status: number; body: any; text: string }> {
  const postData = new URLSearchParams(params).toString();
  const nonce = o.nonce ?? nextNonce();
  let authent = futuresAuthent(path, nonce, postData, sim.credentials.futures.apiSecret);
  if (o.badSign) authent = `${authent.slice(0, -4)}AAA=`;
  // GET and PUT carry their params in the query (Kraken's leveragepreferences); POST in the body.
  const url = method !== 'POST' && postData !== '' ? `${sim.urls.futuresRest}${path}?${postData}` : `${sim.urls.futuresRest}${path}`;
  const res = await fetch(url, {
    method,
    headers: {
      APIKey: o.apiKey ?? sim.credentials.futures.apiKey,
      Authent: authent,
      Nonce: nonce,
      'content-type': 'application/x-www-form-urlencoded',
    },
    ...(method === 'POST' ? { body: postData } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: parseVenueJson(text), text };
}

/** A WS client that records every frame (lossless decode) and can wait for one. */
export class WsProbe {
  readonly frames: any[] = [];
  readonly raw: string[] = [];
  closeCode: number | undefined;
  private waiters: { pred: (m: any) => boolean; resolve: (m: any) => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = wsText(data);
      this.raw.push(text);
      let m: unknown;
      try {
        m = parseVenueJson(text);
      } catch {
        m = { __unparsable: text };
      }
      this.frames.push(m);
      for (const w of [...this.waiters]) {
        if (w.pred(m)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
    ws.on('close', (code) => {
      this.closeCode = code;
    });
  }

  static async open(url: string): Promise<WsProbe> {
    const ws = new WebSocket(url);
    const probe = new WsProbe(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return probe;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves with the first frame (already received or future) matching `pred`. */
  next(pred: (m: any) => boolean, timeoutMs = 10_000): Promise<any> {
    const seen = this.frames.find(pred);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching frame in ${timeoutMs} ms; got ${this.raw.slice(-5).join('\n')}`)),
        timeoutMs,
      );
      this.waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** Waits for the frame after those already seen. */
  nextNew(pred: (m: any) => boolean, timeoutMs = 10_000): Promise<any> {
    const from = this.frames.length;
    return this.next((m) => this.frames.indexOf(m) >= from && pred(m), timeoutMs);
  }

  /**
   * Spot WS v2 only: a ping round trip. The server answers in order on one socket, so once the
   * pong is in, every frame it sent before reading the ping has arrived too: a "nothing arrived"
   * check after it cannot pass just because the machine was slow.
   */
  async barrier(timeoutMs = 10_000): Promise<void> {
    const reqId = ++this.barrierId + 900_000_000;
    this.send({ method: 'ping', req_id: reqId });
    await this.next((m) => m.method === 'pong' && m.req_id === reqId, timeoutMs);
  }
  private barrierId = 0;

  closed(): Promise<number> {
    if (this.closeCode !== undefined) return Promise.resolve(this.closeCode);
    return new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Runs a generated validator on a copy and returns its errors (empty when valid). */
export function validationErrors(validator: Validator | undefined, data: unknown): string[] {
  if (validator === undefined) throw new Error('no generated validator');
  const copy = structuredClone(data);
  if (validator(copy)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
