/** One way to stop a long-running command: Ctrl-C/SIGTERM, `--duration`, or a caller's signal. */
export interface StopWhen {
  /** Resolves once any of the stop conditions is met. */
  readonly stopped: Promise<string>;
  readonly signal: AbortSignal;
  dispose(): void;
}

export function stopWhen(options: { durationSecs?: number; signal?: AbortSignal; signals?: boolean }): StopWhen {
  const ctrl = new AbortController();
  let resolve: (why: string) => void = () => undefined;
  const stopped = new Promise<string>((r) => (resolve = r));
  const stop = (why: string) => {
    if (ctrl.signal.aborted) return;
    ctrl.abort(why);
    resolve(why);
  };
  const onSignal = (s: NodeJS.Signals) => stop(s);
  if (options.signals !== false) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  const timer = options.durationSecs === undefined ? undefined : setTimeout(() => stop('duration'), options.durationSecs * 1000);
  const onAbort = () => stop('stopped');
  if (options.signal?.aborted === true) stop('stopped');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    stopped,
    signal: ctrl.signal,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}
