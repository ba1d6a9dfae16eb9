/**
 * A progress bar with an ETA, redrawn in place on a terminal and at most every `plainEveryMs` as
 * a plain line elsewhere. The ETA is the elapsed time scaled by what is left of the work.
 */
import type { Clock } from '../core/clock.js';

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export interface ProgressSink {
  /** Redraws in place (a terminal). */
  readonly tty?: { write(text: string): void; readonly columns?: number };
  /** One line (elsewhere). */
  line(text: string): void;
}

export class ProgressBar {
  readonly #startMs: number;
  #lastPlainMs = -Infinity;
  #drawn = false;

  constructor(
    private readonly sink: ProgressSink,
    private readonly clock: Clock,
    private readonly plainEveryMs = 5000,
  ) {
    this.#startMs = clock.nowMs();
  }

  /** `fraction` of the work is done (0..1); `detail` says what. */
  update(fraction: number, detail: string): void {
    const f = Math.min(1, Math.max(0, fraction));
    const now = this.clock.nowMs();
    const elapsed = now - this.#startMs;
    const eta = f > 0 && f < 1 ? `ETA ${formatDuration((elapsed * (1 - f)) / f)}` : f >= 1 ? 'done' : 'ETA -';
    const pct = `${(f * 100).toFixed(1).padStart(5)}%`;
    const tty = this.sink.tty;
    if (tty !== undefined) {
      const width = Math.max(10, Math.min(40, (tty.columns ?? 80) - 60));
      const full = Math.round(f * width);
      const bar = `[${'#'.repeat(full)}${'-'.repeat(width - full)}]`;
      tty.write(`\r\x1b[2K${bar} ${pct} ${eta} ${detail}`);
      this.#drawn = true;
      return;
    }
    if (now - this.#lastPlainMs < this.plainEveryMs && f < 1) return;
    this.#lastPlainMs = now;
    this.sink.line(`progress ${pct.trim()} ${eta} ${detail}`);
  }

  /** Ends the in-place line so later output starts on its own line. */
  finish(): void {
    if (this.#drawn) this.sink.tty?.write('\n');
    this.#drawn = false;
  }
}
