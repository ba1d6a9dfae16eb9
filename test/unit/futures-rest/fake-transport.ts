/** An injected transport that records requests and answers from a queue (no network). */
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../src/transport/http.js';

export type Answer = HttpResponse | Error | ((req: HttpRequest) => HttpResponse | Error);

export class RecordingTransport {
  readonly requests: HttpRequest[] = [];
  readonly #answers: Answer[];

  constructor(answers: Answer[] = []) {
    this.#answers = answers;
  }

  static json(body: unknown, status = 200): HttpResponse {
    return { status, headers: { 'content-type': 'application/json' }, text: typeof body === 'string' ? body : JSON.stringify(body) };
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    this.requests.push(req);
    const next = this.#answers.length > 1 ? this.#answers.shift()! : this.#answers[0];
    if (next === undefined) throw new Error('RecordingTransport: no answer queued');
    const answer = typeof next === 'function' ? next(req) : next;
    if (answer instanceof Error) throw answer;
    return answer;
  }

  async close(): Promise<void> {}

  asTransport(): HttpTransport {
    return this as unknown as HttpTransport;
  }
}
