/**
 * Kraken Futures' dead man's switch (REST `cancelallordersafter`, or the Unified WebSocket's
 * `cancel_all_orders_after`; the product passes the call of its API): the venue cancels every open order of
 * the account once `timeout` seconds pass without a new call. Armed at connect, re-armed on a
 * timer at a third of the window (so two re-arms can fail before the venue acts) and after every
 * reconnect (a connection that was down may have let the window run), disarmed (`timeout=0`) on a
 * clean stop. A failed re-arm is never silent: an ERROR line and a `failed` event, and the next
 * timer tries again.
 */
import type { Clock, TimerHandle } from '../../../core/clock.js';
import type { Logger } from '../../../node/logger.js';

export type DeadManSwitchAction = 'armed' | 'rearmed' | 'disarmed' | 'failed';

export interface DeadManSwitchEvent {
  readonly action: DeadManSwitchAction;
  /** Why it was called: `start`, `timer`, `reconnect` or `stop`. */
  readonly cause: 'start' | 'timer' | 'reconnect' | 'stop';
  readonly timeoutSecs: number;
  /** When the venue will cancel everything unless re-armed (venue text), when it said. */
  readonly triggerTime: string | null;
  /** The failure, for `failed`. */
  readonly error: string | null;
}

/** Sets the venue's timer to `timeoutSecs` (0 disarms); resolves with the venue's trigger time when it names one. */
export type DeadManSwitchCall = (timeoutSecs: number) => Promise<string | null>;

export class FuturesDeadManSwitch {
  readonly #intervalMs: number;
  #timer: TimerHandle = undefined;
  #armed = false;

  constructor(
    private readonly venueCall: DeadManSwitchCall,
    private readonly clock: Clock,
    readonly timeoutSecs: number,
    private readonly log: Logger,
    private readonly notify: (event: DeadManSwitchEvent) => void,
  ) {
    if (!Number.isInteger(timeoutSecs) || timeoutSecs <= 0)
      throw new RangeError(`cancelAllAfterSecs must be a positive integer (got ${timeoutSecs})`);
    this.#intervalMs = Math.max(1, Math.floor((timeoutSecs * 1000) / 3));
  }

  get isArmed(): boolean {
    return this.#armed;
  }

  /** Arms the switch; a failure here fails the start (the caller asked for protection it cannot get). */
  async arm(): Promise<void> {
    const triggerTime = await this.#call(this.timeoutSecs);
    this.#armed = true;
    this.#event({ action: 'armed', cause: 'start', timeoutSecs: this.timeoutSecs, triggerTime, error: null });
    this.log.info(`dead man's switch armed: every open Futures order is cancelled ${this.timeoutSecs}s after the last re-arm`);
    this.#schedule();
  }

  /** Re-arms now (after a reconnect, or from the timer); never throws. */
  async rearm(cause: 'timer' | 'reconnect'): Promise<void> {
    if (!this.#armed) return;
    try {
      const triggerTime = await this.#call(this.timeoutSecs);
      this.#event({ action: 'rearmed', cause, timeoutSecs: this.timeoutSecs, triggerTime, error: null });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`dead man's switch re-arm failed (${cause}): ${message}; open Futures orders may be cancelled by Kraken`, {
        timeoutSecs: this.timeoutSecs,
      });
      this.#event({ action: 'failed', cause, timeoutSecs: this.timeoutSecs, triggerTime: null, error: message });
    }
  }

  /** Stops re-arming and disarms at the venue (clean stop). */
  async disarm(): Promise<void> {
    this.#stopTimer();
    if (!this.#armed) return;
    this.#armed = false;
    try {
      await this.#call(0);
      this.#event({ action: 'disarmed', cause: 'stop', timeoutSecs: 0, triggerTime: null, error: null });
      this.log.info("dead man's switch disarmed");
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`dead man's switch disarm failed: ${message}; Kraken will cancel open Futures orders when the window runs out`);
      this.#event({ action: 'failed', cause: 'stop', timeoutSecs: 0, triggerTime: null, error: message });
    }
  }

  /** Stops the timer without telling the venue (an unclean stop: the switch stays armed there). */
  stop(): void {
    this.#stopTimer();
    this.#armed = false;
  }

  #call(timeout: number): Promise<string | null> {
    return this.venueCall(timeout);
  }

  #schedule(): void {
    this.#stopTimer();
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      if (!this.#armed) return;
      void this.rearm('timer').finally(() => {
        if (this.#armed && this.#timer === undefined) this.#schedule();
      });
    }, this.#intervalMs);
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #event(e: DeadManSwitchEvent): void {
    try {
      this.notify(e);
    } catch (err) {
      this.log.error(`dead man's switch listener threw: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
