/**
 * This package's `oslo.config.opts` entry point: `[DEFAULT] max_parallel_requests`, declared once
 * in @ceilometer-ts/publisher-common for every HTTP-based publisher.
 */
export { configValue, httpPublisherOptions, listHttpPublisherOptions } from '@ceilometer-ts/publisher-common/options';
