/**
 * @ceilometer-ts/prometheus-text: the Prometheus text exposition format (0.0.4), written once for
 * the polling agent's exporter (as Python's prometheus_client writes it) and the `prometheus://`
 * publisher (as upstream's PrometheusPublisher writes it for the Pushgateway).
 */
export * from './exposition.js';
export * from './names.js';
export * from './values.js';
