import { makeSample, type Logger, type Sample, type SampleInit } from '@ceilometer-ts/sdk';

/** A logger that records warn lines (message template and first argument). */
export function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const noop = (): void => {};
  const logger = {
    warnings,
    trace: noop, debug: noop, info: noop, error: noop, fatal: noop,
    warn: (obj: unknown, msg?: unknown) => void warnings.push(typeof obj === 'string' ? obj : String(msg)),
    child: () => logger,
  };
  return logger as Logger & { warnings: string[] };
}

const BASE = Date.UTC(2026, 10, 23, 19, 0, 0);

/** A polled-style timestamp `seconds` after a fixed instant. */
export function at(seconds: number): string {
  return new Date(BASE + seconds * 1000).toISOString().replace('Z', '');
}

export function sample(init: Partial<SampleInit> & { volume: number }): Sample {
  return makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', resource_id: 'r1', user_id: 'u', project_id: 'p', timestamp: at(0), ...init });
}
