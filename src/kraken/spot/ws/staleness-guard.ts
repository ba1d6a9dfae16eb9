/**
 * Per-symbol staleness watching for Spot WS v2 subscriptions (docs/reliability.md N3), opt-in.
 *
 * Thresholds are given in seconds per channel (`{ book: 30 }`) or per channel and symbol
 * (`{ 'book:BTC/USD': 10 }`, which wins). A watched symbol silent past its threshold is repaired
 * by resubscribing it; the second stale report for it within the hour reconnects instead ("if it
 * recurs, reconnect"). From the third on it goes back to resubscribing: reconnecting again would
 * only spend the reconnect budget (and open the circuit for every other subscription) over one
 * dead symbol. Every report carries its repeat count so the operator layer can alert at 3 per
 * hour. Heartbeats never count: they prove the connection, not the subscription.
 */
import type { StaleReport } from '../../../transport/ws/staleness.js';
import { StalenessWatchdog } from '../../../transport/ws/staleness.js';
import type { Clock } from '../../../core/clock.js';

export type SpotStalenessThresholds = Readonly<Record<string, number>>;

export interface SpotStaleEvent {
  readonly channel: string;
  readonly symbol: string;
  readonly silentMs: number;
  /** Stale reports for this symbol in the last hour, this one included. */
  readonly repeats: number;
  readonly action: 'resubscribe' | 'reconnect';
}

export interface SpotStalenessActions {
  resubscribe(channel: string, symbol: string): void;
  reconnect(reason: string): void;
  report(event: SpotStaleEvent): void;
}

const keyOf = (channel: string, symbol: string): string => `${channel}|${symbol}`;

export class SpotStalenessGuard {
  readonly #thresholds: SpotStalenessThresholds;
  readonly #actions: SpotStalenessActions;
  readonly #watchdog: StalenessWatchdog;

  constructor(clock: Clock, thresholds: SpotStalenessThresholds, actions: SpotStalenessActions) {
    this.#thresholds = thresholds;
    this.#actions = actions;
    this.#watchdog = new StalenessWatchdog(clock, (r) => this.#onStale(r));
  }

  /** The venue confirmed these symbols: start (or restart) their clocks. */
  acked(channel: string, symbols: readonly string[] | null): void {
    for (const symbol of symbols ?? []) {
      const secs = this.#thresholds[`${channel}:${symbol}`] ?? this.#thresholds[channel];
      if (secs !== undefined && secs > 0) this.#watchdog.watch(keyOf(channel, symbol), Math.round(secs * 1000));
    }
  }

  removed(channel: string, symbols: readonly string[] | null): void {
    for (const symbol of symbols ?? []) this.#watchdog.unwatch(keyOf(channel, symbol));
  }

  /** A validated channel frame arrived: every `data[].symbol` in it is alive. */
  touch(channel: string, frame: Record<string, unknown>): void {
    if (this.#watchdog.size === 0) return;
    const data = frame['data'];
    if (!Array.isArray(data)) return;
    for (const row of data) {
      const symbol = (row as Record<string, unknown> | null)?.['symbol'];
      if (typeof symbol === 'string') this.#watchdog.touch(keyOf(channel, symbol));
    }
  }

  /** A frame of `channel` handled as text (one data row): its `"symbol":"…"` is alive. */
  touchText(channel: string, text: string): void {
    if (this.#watchdog.size === 0) return;
    const at = text.indexOf('"symbol":"');
    const end = at < 0 ? -1 : text.indexOf('"', at + 10);
    if (end > at + 10) this.#watchdog.touch(keyOf(channel, text.slice(at + 10, end)));
  }

  /** The socket dropped; watching restarts with the replay acks. */
  clear(): void {
    this.#watchdog.clear();
  }

  #onStale(report: StaleReport): void {
    const sep = report.key.indexOf('|');
    const channel = report.key.slice(0, sep);
    const symbol = report.key.slice(sep + 1);
    const action = report.repeats === 2 ? 'reconnect' : 'resubscribe';
    this.#actions.report({ channel, symbol, silentMs: report.silentMs, repeats: report.repeats, action });
    if (action === 'reconnect') this.#actions.reconnect(`'${channel}' ${symbol} stale ${report.repeats} times within the hour`);
    else this.#actions.resubscribe(channel, symbol);
  }
}
