/**
 * Kraken Spot's dead man's switch (`cancel_all_orders_after`): with `cancelAllAfterSecs` set, the
 * venue cancels every open order once that many seconds pass without a re-arm. Armed at connect,
 * re-armed on a timer well inside the window (every third of it), re-armed after every reconnect,
 * disarmed (timeout 0) on a clean stop. Over the WS when it is ready, else REST. A failed re-arm is
 * never silent: an alert (ERROR log and an execution-alert event) says the orders are at risk.
 */
import type { KrakenSpotRawHttpClient } from '../../../kraken/spot/http/raw-client.js';
import type { KrakenSpotWsClient } from '../../../kraken/spot/ws/spot-ws-client.js';
import { WsConnectionState } from '../../../transport/ws/state-machine.js';
import type { NodeClock } from '../../../node/clock.js';
import type { Logger } from '../../../node/logger.js';

export interface DeadManSwitchDeps {
  readonly ws: KrakenSpotWsClient;
  readonly rest: KrakenSpotRawHttpClient;
  readonly clock: NodeClock;
  readonly logger: Logger;
  readonly timeoutSecs: number;
  /** Timer name, unique per client. */
  readonly timerName: string;
  readonly alert: (kind: string, message: string) => void;
}

export class SpotDeadManSwitch {
  readonly #d: DeadManSwitchDeps;
  #armed = false;
  /** How many times the venue confirmed an arm (for tests and diagnostics). */
  arms = 0;

  constructor(deps: DeadManSwitchDeps) {
    this.#d = deps;
  }

  get armed(): boolean {
    return this.#armed;
  }

  /** Every third of the window, so two re-arms can fail before the venue cancels anything. */
  get rearmIntervalSecs(): number {
    return Math.max(1, Math.floor(this.#d.timeoutSecs / 3));
  }

  async #send(timeout: number): Promise<string> {
    if (this.#d.ws.state === WsConnectionState.Ready) {
      const r = await this.#d.ws.request('cancel_all_orders_after', { timeout });
      return r.result?.triggerTime ?? '';
    }
    const r = await this.#d.rest.cancelAllOrdersAfter({ timeout });
    return r.triggerTime;
  }

  /** Arms the switch and starts the re-arm timer; throws when the venue refuses (the client does not start). */
  async start(): Promise<void> {
    const trigger = await this.#send(this.#d.timeoutSecs);
    this.#armed = true;
    this.arms++;
    this.#d.logger.info(`Kraken Spot dead man's switch armed: orders cancelled at ${trigger} unless re-armed`);
    this.#d.clock.setTimer(this.#d.timerName, BigInt(this.rearmIntervalSecs) * 1_000_000_000n, () => void this.rearm('timer'));
  }

  /** Re-arms now (timer, reconnect); a failure is an alert, not an exception. */
  async rearm(why: string): Promise<void> {
    if (!this.#armed) return;
    try {
      await this.#send(this.#d.timeoutSecs);
      this.arms++;
      this.#d.logger.debug(`Kraken Spot dead man's switch re-armed (${why})`);
    } catch (e) {
      this.#d.alert(
        'DEAD_MANS_SWITCH_REARM_FAILED',
        `dead man's switch re-arm failed (${why}): ${(e as Error).message}; the venue cancels every open order ${this.#d.timeoutSecs} s after the last good arm`,
      );
    }
  }

  /** A clean stop: the timer stops and the venue is told to disarm (timeout 0). */
  async stop(): Promise<void> {
    this.#d.clock.cancelTimer(this.#d.timerName);
    if (!this.#armed) return;
    this.#armed = false;
    try {
      await this.#send(0);
      this.#d.logger.info("Kraken Spot dead man's switch disarmed");
    } catch (e) {
      this.#d.alert('DEAD_MANS_SWITCH_DISARM_FAILED', `dead man's switch disarm failed: ${(e as Error).message}`);
    }
  }
}
