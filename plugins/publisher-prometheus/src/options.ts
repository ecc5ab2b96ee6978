/**
 * (Same file as in @ceilometer-ts/publisher-http; plugins share no internals, so keep the copies in sync.)
 * Options the HTTP-based publishers read (upstream declares them in `ceilometer/opts.py`).
 * The same declaration is shipped by every HTTP-based publisher package; identical declarations
 * may be registered more than once.
 */
import type { ConfigView, OptionList } from '@ceilometer-ts/sdk';

/** `[DEFAULT] max_parallel_requests`. */
export const httpPublisherOptions: OptionList = [
  {
    group: 'DEFAULT', name: 'max_parallel_requests', type: 'integer', default: 64, min: 1,
    help: 'Maximum number of parallel requests for services to handle at the same time.',
  },
];

/** The `oslo.config.opts` entry point. */
export function listHttpPublisherOptions(): OptionList {
  return httpPublisherOptions;
}

/** `[group] name` when declared and set, else `fallback` (tests and embedders may pass no config). */
export function configValue<T>(config: ConfigView | undefined, group: string, name: string, fallback: T): T {
  if (!config?.has(group, name)) return fallback;
  const value = config.get<T | undefined | null>(group, name);
  return value === undefined || value === null ? fallback : value;
}
