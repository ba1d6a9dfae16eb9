/**
 * The explicit connection state machine shared by the Spot and Futures WebSocket clients.
 *
 *   idle → connecting → open → (authenticating →) ready
 *   any live state → reconnecting → connecting …      (drop, idle deadline, failed handshake)
 *   any state → closed                                 (close(), or the reconnect circuit opened)
 *   closed → connecting                                (an explicit connect() after close)
 *
 * Every transition goes through `transition()`; one not in the table throws `KrakenStateError`,
 * so a lifecycle bug surfaces at the line that caused it rather than as a half-open socket.
 */
import { KrakenStateError } from '../../core/errors.js';

export enum WsConnectionState {
  Idle = 'idle',
  Connecting = 'connecting',
  Open = 'open',
  Authenticating = 'authenticating',
  Ready = 'ready',
  Reconnecting = 'reconnecting',
  Closed = 'closed',
}

const S = WsConnectionState;

export const WS_TRANSITIONS: Readonly<Record<WsConnectionState, readonly WsConnectionState[]>> = Object.freeze({
  [S.Idle]: [S.Connecting, S.Closed],
  [S.Connecting]: [S.Open, S.Reconnecting, S.Closed],
  [S.Open]: [S.Authenticating, S.Ready, S.Reconnecting, S.Closed],
  [S.Authenticating]: [S.Ready, S.Reconnecting, S.Closed],
  [S.Ready]: [S.Reconnecting, S.Closed],
  [S.Reconnecting]: [S.Connecting, S.Closed],
  [S.Closed]: [S.Connecting],
});

export interface WsStateChange {
  readonly from: WsConnectionState;
  readonly to: WsConnectionState;
}

export class WsStateMachine {
  #state: WsConnectionState = S.Idle;
  readonly #onChange: (change: WsStateChange) => void;
  readonly #label: string;

  constructor(label: string, onChange: (change: WsStateChange) => void = () => undefined) {
    this.#label = label;
    this.#onChange = onChange;
  }

  get state(): WsConnectionState {
    return this.#state;
  }

  can(to: WsConnectionState): boolean {
    return WS_TRANSITIONS[this.#state].includes(to);
  }

  /** Moves to `to` or throws `KrakenStateError` if the table does not allow it. */
  transition(to: WsConnectionState): void {
    const from = this.#state;
    if (!this.can(to)) {
      throw new KrakenStateError(`illegal WebSocket state transition ${from} → ${to}`, { endpoint: this.#label });
    }
    this.#state = to;
    this.#onChange({ from, to });
  }

  /** True while a socket exists or is being established (not idle, not closed, not waiting to retry). */
  get isLive(): boolean {
    return this.#state === S.Connecting || this.#state === S.Open || this.#state === S.Authenticating || this.#state === S.Ready;
  }
}
