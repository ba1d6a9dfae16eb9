/**
 * Keep-alive sends and the idle deadline for one socket (docs/reliability.md N2).
 *
 * - Every `heartbeatMs` the session sends its keep-alive (Spot: `{"method":"ping"}`; Futures:
 *   a protocol ping frame). Kraken closes a connection after ~60 s without traffic.
 * - The idle deadline: while the session says the venue owes us an application frame, going
 *   `idleMs` without one declares the socket dead. The clock starts at the later of the last
 *   application frame and the last watchdog tick at which nothing was owed, so a quiet
 *   connection with no subscriptions is not killed the instant something is subscribed. The
 *   watchdog ticks every idleMs / 5: detection happens within 1.2 × idleMs, and a deadline that
 *   starts with a new expectation may be up to one tick short.
 *
 * Only `noteApplicationFrame()` feeds the deadline; the connection never calls it for protocol
 * pong frames (see connection.ts for the decision).
 */
import type { Clock, TimerHandle } from '../../core/clock.js';

export interface LivenessHooks {
  /** Whether the venue currently owes us an application frame. */
  expectsTraffic(): boolean;
  /** Time to send a keep-alive. */
  sendKeepAlive(): void;
  /** The idle deadline passed. The monitor has stopped itself. */
  onIdle(): void;
}

export class LivenessMonitor {
  readonly #clock: Clock;
  readonly #heartbeatMs: number;
  readonly #idleMs: number;
  #hooks: LivenessHooks | undefined;
  #lastFrameAt = 0;
  #quietSince = 0;
  /** `undefined` while not armed. */
  #heartbeatTimer: TimerHandle = undefined;
  #watchdogTimer: TimerHandle = undefined;

  constructor(clock: Clock, heartbeatMs: number, idleMs: number) {
    this.#clock = clock;
    this.#heartbeatMs = heartbeatMs;
    this.#idleMs = idleMs;
  }

  get idleMs(): number {
    return this.#idleMs;
  }

  start(hooks: LivenessHooks): void {
    this.stop();
    this.#hooks = hooks;
    this.#lastFrameAt = this.#clock.nowMs();
    this.#quietSince = this.#lastFrameAt;
    this.#scheduleHeartbeat(hooks);
    this.#scheduleWatchdog(hooks);
  }

  noteApplicationFrame(): void {
    this.#lastFrameAt = this.#clock.nowMs();
  }

  stop(): void {
    if (this.#heartbeatTimer !== undefined) this.#clock.clearTimeout(this.#heartbeatTimer);
    if (this.#watchdogTimer !== undefined) this.#clock.clearTimeout(this.#watchdogTimer);
    this.#heartbeatTimer = undefined;
    this.#watchdogTimer = undefined;
    this.#hooks = undefined;
  }

  #scheduleHeartbeat(hooks: LivenessHooks): void {
    this.#heartbeatTimer = this.#clock.setTimeout(() => {
      if (this.#hooks !== hooks) return;
      this.#scheduleHeartbeat(hooks);
      hooks.sendKeepAlive();
    }, this.#heartbeatMs);
  }

  #scheduleWatchdog(hooks: LivenessHooks): void {
    const tick = Math.max(5, Math.floor(this.#idleMs / 5));
    this.#watchdogTimer = this.#clock.setTimeout(() => {
      if (this.#hooks !== hooks) return;
      const now = this.#clock.nowMs();
      if (!hooks.expectsTraffic()) {
        this.#quietSince = now;
      } else if (now - Math.max(this.#lastFrameAt, this.#quietSince) >= this.#idleMs) {
        this.stop();
        hooks.onIdle();
        return;
      }
      this.#scheduleWatchdog(hooks);
    }, tick);
  }
}
