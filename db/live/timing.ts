// Structured step timings of the live migration ({ step, ms, … } at debug level): where a backfill's time goes.

export interface LiveLog {
  info(obj: object, msg?: string): void;
  /** Per-step timings ({ step, ms, … }): pino's debug level (LOG_LEVEL=debug), the bench's --profile. */
  debug?(obj: object, msg?: string): void;
}

/** Runs fn, logging { step, ms, ...fields, ...detail(result) } at debug level when the log has one. */
export async function timed<T>(
  log: LiveLog | undefined,
  step: string,
  fields: object,
  fn: () => Promise<T>,
  detail?: (result: T) => object,
): Promise<T> {
  if (!log?.debug) return fn();
  const started = performance.now();
  const result = await fn();
  log.debug({ step, ms: Math.round(performance.now() - started), ...fields, ...detail?.(result) }, 'live timing');
  return result;
}
