/**
 * A small control API on the Spot REST port, under `/__sim/` (a path Kraken never uses), so a
 * simulator started by `krakenkit sim` can be steered from another process: arm faults, close
 * sockets, change the venue status, step the market.
 *
 *   GET    /__sim/faults            → { active: FaultRule[], fired: number }
 *   POST   /__sim/faults            body: FaultRule JSON → { id }, or 400 { error, issues, known }
 *   DELETE /__sim/faults            → clears every rule
 *   POST   /__sim/ws-close          body: { target, code } (1001 | 1006)
 *   POST   /__sim/status            body: { status: online|maintenance|cancel_only|post_only }
 *   GET    /__sim/internal-errors   → { count, errors: [{ where, name, message }] } (`sim.internalErrors`)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KrakenValidationError } from '../../core/errors.js';
import { FAULT_KINDS, validateFaultRule, type FaultRule, type WsTarget } from '../faults/fault-rules.js';
import type { WsCloseCode } from '../faults/fault-controller.js';
import { setVenueStatus, type SimContext, type VenueStatus } from './context.js';
import { sendJson } from './http-util.js';

const TARGETS: readonly WsTarget[] = ['spot-public', 'spot-auth', 'futures', 'unified'];
const STATUSES: readonly VenueStatus[] = ['online', 'maintenance', 'cancel_only', 'post_only'];

export function handleControl(ctx: SimContext, req: IncomingMessage, res: ServerResponse, path: string, body: string): void {
  let parsed: unknown;
  try {
    // Plain JSON.parse on purpose: control bodies carry no money, and `probability: 0.5` must stay
    // a number (parseVenueJson would keep it as the text "0.5"). An own `__proto__` key is refused
    // by validateFaultRule as an unknown field.
    parsed = body.trim() === '' ? {} : (JSON.parse(body) as unknown);
  } catch {
    return sendJson(res, 400, { error: 'body is not JSON' });
  }
  // Every control body is a JSON object; `null`, arrays and scalars are refused here so no
  // handler below ever reads a field of a non-object.
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return sendJson(res, 400, { error: 'body must be a JSON object' });
  const json = parsed as Record<string, unknown>;
  if (path === '/__sim/faults') {
    if (req.method === 'GET') return sendJson(res, 200, { active: ctx.faults.active(), fired: ctx.faults.fired.length });
    if (req.method === 'DELETE') {
      ctx.faults.clear();
      return sendJson(res, 200, { cleared: true });
    }
    if (req.method === 'POST') {
      let rule: FaultRule;
      try {
        rule = validateFaultRule(json);
      } catch (e) {
        if (!(e instanceof KrakenValidationError)) throw e;
        return sendJson(res, 400, { error: 'invalid fault rule', issues: e.issues, known: FAULT_KINDS });
      }
      return sendJson(res, 200, { id: ctx.faults.add(rule).id });
    }
  }
  if (path === '/__sim/internal-errors' && req.method === 'GET') {
    // For a simulator in another process (`krakenkit sim`): its own bugs, without stack traces.
    const errors = ctx.internalErrors.map((e) => ({
      where: e.where,
      name: e.error instanceof Error ? e.error.name : typeof e.error,
      message: e.error instanceof Error ? e.error.message : String(e.error),
    }));
    return sendJson(res, 200, { count: errors.length, errors });
  }
  if (path === '/__sim/ws-close' && req.method === 'POST') {
    const target = json['target'] as WsTarget;
    const code = (json['code'] ?? 1006) as WsCloseCode;
    if (!TARGETS.includes(target) || ![1001, 1006, 1011, 1013].includes(code))
      return sendJson(res, 400, { error: 'target or code invalid' });
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
