/**
 * A small control API on the Spot REST port, under `/__sim/` (a path Kraken never uses), so a
 * simulator started by `krakenkit sim` can be steered from another process: arm faults, close
 * sockets, change the venue status, step the market.
 *
 *   GET    /__sim/faults            → { active: FaultRule[], fired: number }
 *   POST   /__sim/faults            body: FaultRule JSON → { id }
 *   DELETE /__sim/faults            → clears every rule
 *   POST   /__sim/ws-close          body: { target, code } (1001 | 1006)
 *   POST   /__sim/status            body: { status: online|maintenance|cancel_only|post_only }
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FAULT_KINDS, type FaultRule, type WsTarget } from '../faults/fault-rules.js';
import type { WsCloseCode } from '../faults/fault-controller.js';
import { setVenueStatus, type SimContext, type VenueStatus } from './context.js';
import { sendJson } from './http-util.js';

const TARGETS: readonly WsTarget[] = ['spot-public', 'spot-auth', 'futures'];
const STATUSES: readonly VenueStatus[] = ['online', 'maintenance', 'cancel_only', 'post_only'];

export function handleControl(ctx: SimContext, req: IncomingMessage, res: ServerResponse, path: string, body: string): void {
  let json: Record<string, unknown> = {};
  try {
    json = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
  } catch {
    sendJson(res, 400, { error: 'body is not JSON' });
    return;
  }
  if (path === '/__sim/faults') {
    if (req.method === 'GET') return sendJson(res, 200, { active: ctx.faults.active(), fired: ctx.faults.fired.length });
    if (req.method === 'DELETE') {
      ctx.faults.clear();
      return sendJson(res, 200, { cleared: true });
    }
    if (req.method === 'POST') {
      if (!FAULT_KINDS.includes(json['kind'] as FaultRule['kind'])) return sendJson(res, 400, { error: 'unknown fault kind', known: FAULT_KINDS });
      return sendJson(res, 200, { id: ctx.faults.add(json as unknown as FaultRule).id });
    }
  }
  if (path === '/__sim/ws-close' && req.method === 'POST') {
    const target = json['target'] as WsTarget;
    const code = (json['code'] ?? 1006) as WsCloseCode;
    if (!TARGETS.includes(target) || ![1001, 1006, 1011, 1013].includes(code)) return sendJson(res, 400, { error: 'target or code invalid' });
    ctx.faults.closeWs(target, code);
    return sendJson(res, 200, { closed: target, code });
  }
  if (path === '/__sim/status' && req.method === 'POST') {
    const status = json['status'] as VenueStatus;
    if (!STATUSES.includes(status)) return sendJson(res, 400, { error: 'unknown status', known: STATUSES });
    setVenueStatus(ctx, status);
    return sendJson(res, 200, { status });
  }
  sendJson(res, 404, { error: 'unknown control path' });
}
