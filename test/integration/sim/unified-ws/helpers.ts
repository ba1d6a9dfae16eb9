/** Shared setup for the Unified WebSocket client ↔ simulator tests: a simulator, a token provider, and an event recorder. */
import { KrakenUnifiedWsClient, type KrakenUnifiedWsClientOptions } from '../../../../src/kraken/unified/uws-client.js';
import { spotPrivate, startTestSim, type TestSim } from '../helpers.js';

export { startTestSim, type TestSim };

/** Fetches tokens from the simulator's Spot REST `GetWebSocketsToken`, remembering each one. */
export function tokenProviderFor(sim: TestSim): { provider: () => Promise<string>; issued: string[] } {
  const issued: string[] = [];
  return {
    issued,
    provider: async () => {
      const r = await spotPrivate(sim, 'GetWebSocketsToken');
      const token = String(r.result.token);
      issued.push(token);
      return token;
    },
  };
}

/** Every channel frame a client received, and a way to wait for one. */
export class Recorder {
  readonly frames: any[] = [];
  readonly errors: Error[] = [];
  #waiters: { pred: (m: any) => boolean; resolve: (m: any) => void }[] = [];

  constructor(client: KrakenUnifiedWsClient) {
    client.on('message', (m) => {
      this.frames.push(m);
      for (const w of [...this.#waiters])
        if (w.pred(m)) {
          this.#waiters.splice(this.#waiters.indexOf(w), 1);
          w.resolve(m);
        }
    });
    client.on('error', (e) => this.errors.push(e));
  }

  /** The first frame (already received or future) matching `pred`; rejects after a generous bound. */
  next(pred: (m: any) => boolean, timeoutMs = 5000): Promise<any> {
    const seen = this.frames.find(pred);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching frame in ${timeoutMs} ms; last: ${JSON.stringify(this.frames.slice(-3))}`)),
        timeoutMs,
      );
      this.#waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** Execution reports of one order, in arrival order. */
  executionsOf(orderId: string): any[] {
    return this.frames.filter((f) => f.channel === 'executions').flatMap((f) => f.data.filter((r: any) => r.order_id === orderId));
  }
}

export async function privateClient(sim: TestSim, extra: Partial<KrakenUnifiedWsClientOptions> = {}) {
  const tokens = tokenProviderFor(sim);
  const client = new KrakenUnifiedWsClient({ url: sim.urls.unifiedWsPrivate, tokenProvider: tokens.provider, ...extra });
  const rec = new Recorder(client);
  await client.connect();
  return { client, rec, tokens };
}

export async function publicClient(sim: TestSim, extra: Partial<KrakenUnifiedWsClientOptions> = {}) {
  const client = new KrakenUnifiedWsClient({ url: sim.urls.unifiedWsPublic, ...extra });
  const rec = new Recorder(client);
  await client.connect();
  return { client, rec };
}
