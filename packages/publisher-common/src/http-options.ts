/**
 * Options the HTTP-based publishers read (upstream declares them in `ceilometer/opts.py`). Each
 * HTTP-based publisher package ships this declaration as its own `oslo.config.opts` entry point;
 * identical declarations may be registered more than once.
 */
import type { OptionList } from '@ceilometer-ts/sdk';

/** `[DEFAULT] max_parallel_requests`. */
export const httpPublisherOptions: OptionList = [
  {
    group: 'DEFAULT', name: 'max_parallel_requests', type: 'integer', default: 64, min: 1,
    help: 'Maximum number of parallel requests for services to handle at the same time.',
  },
];

/** The `oslo.config.opts` entry point the HTTP-based publishers re-export. */
export function listHttpPublisherOptions(): OptionList {
  return httpPublisherOptions;
}
