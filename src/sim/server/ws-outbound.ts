/**
 * The one path every simulator WS frame takes to the client, where the WS faults a client must
 * survive are applied (the catalogue is in docs/reliability.md): drop, duplicate, delay,
 * reorder, corrupt, wrong checksum, futures seq gap, silence.
 */
import type { WebSocket } from 'ws';
import type { Clock } from '../../core/clock.js';
import type { FaultController } from '../faults/fault-controller.js';
import type { WsTarget } from '../faults/fault-rules.js';
import { encodeWire } from './wire-json.js';

export class WsOutbound {
  private held: string | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly target: WsTarget,
    private readonly faults: FaultController,
    /** Arms `ws-delay` frames: connection-level, real time unless a test says otherwise. */
    private readonly wallClock: Clock,
  ) {}

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  /** Sends `message` (encoded with `encodeWire`); `channel` names it for fault matching. */
  send(message: Record<string, unknown>, channel: string | undefined): void {
    if (!this.open || this.faults.isSilenced(this.target)) return;
    const fault = this.faults.takeWsMessage(this.target, channel);
    switch (fault?.kind) {
      case 'ws-drop':
        return;
      case 'ws-bad-checksum':
        corruptChecksum(message);
        break;
      case 'ws-seq-gap':
        // The sender reads `seq` back after sending, so its counter continues past the gap.
        if (typeof message['seq'] === 'number') message['seq'] += 1;
        break;
      default:
        break;
    }
    const text = encodeWire(message);
    switch (fault?.kind) {
      case 'ws-duplicate':
        this.write(text);
        this.write(text);
        return;
      case 'ws-delay': {
        this.wallClock.setTimeout(() => this.write(text), fault.delayMs ?? 1000);
        return;
      }
      case 'ws-reorder':
        // Hold this frame; it goes out right after the next one.
        this.flushHeld();
        this.held = text;
        return;
      case 'ws-corrupt':
        this.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
        return;
      default:
        this.write(text);
    }
  }

  private write(text: string): void {
    if (!this.open) return;
    this.ws.send(text);
    this.flushHeld();
  }

  private flushHeld(): void {
    const held = this.held;
    if (held === undefined) return;
    this.held = undefined;
    if (this.open) this.ws.send(held);
  }
}

function corruptChecksum(message: Record<string, unknown>): void {
  const data = message['data'];
  const first = Array.isArray(data) ? (data[0] as Record<string, unknown> | undefined) : undefined;
  if (first !== undefined && typeof first['checksum'] === 'number') first['checksum'] = (first['checksum'] ^ 0x5a5a5a5a) >>> 0;
}
