/**
 * Small node:http helpers shared by the Spot and Futures REST servers.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { encodeWire } from './wire-json.js';

/** Request bodies above this are refused (Kraken's own limit is unpublished; 1 MiB is ample). */
export const MAX_BODY_BYTES = 1 << 20;

export class BodyTooLargeError extends Error {}

/**
 * Reads a request body as UTF-8. Past `MAX_BODY_BYTES` it rejects with `BodyTooLargeError` at
 * once and discards the rest as it arrives, so the caller can still answer 413 on a healthy
 * socket (`sendTooLarge`) rather than resetting a connection the client is writing to.
 */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        reject(new BodyTooLargeError('body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The gateway's answer to an oversized body: 413 with an HTML page, and the connection closed
 * once the client has finished sending (or after a short grace, for one that never stops).
 */
export function sendTooLarge(req: IncomingMessage, res: ServerResponse): void {
  const page = cloudflareErrorPage(413);
  res.writeHead(413, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page), connection: 'close' });
  res.end(page);
  if (req.complete) return;
  const timer = setTimeout(() => req.socket.destroy(), TOO_LARGE_GRACE_MS);
  timer.unref();
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
}

/** How long an oversized upload may keep streaming into the void after its 413. */
const TOO_LARGE_GRACE_MS = 2_000;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = encodeWire(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** What a Cloudflare gateway error looks like to a client: an HTML page, not JSON, which the client must survive. */
export function cloudflareErrorPage(status: number): string {
  return `<!DOCTYPE html>\n<html><head><title>${status} | api.kraken.com | Cloudflare</title></head><body><h1>Error ${status}</h1><p>Bad gateway</p></body></html>\n`;
}

/** Tracks open sockets so `close()` can end keep-alive and never-answered requests at once. */
export function trackSockets(server: Server): { destroyAll(): void } {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    destroyAll() {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
  };
}

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr !== null ? addr.port : port);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
