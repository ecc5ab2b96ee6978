/**
 * The process's own metrics through prom-client's default collectors: CPU seconds, resident
 * memory, open file descriptors, heap sizes and spaces, event-loop lag and its percentiles, GC
 * durations, active handles (`process_*`, `nodejs_*`). prom-client is imported only when an
 * exporter is started, so an agent without one never loads it.
 */
import type { MetricsText } from './prometheus-exporter.js';

/** A prom-client registry holding the default collectors; served beside the agent's families. */
export class ProcessMetrics implements MetricsText {
  private constructor(private readonly registry: { metrics(): Promise<string> }) {}

  /** Starts the default collectors on a registry of their own (never prom-client's global one). */
  static async create(): Promise<ProcessMetrics> {
    const { Registry, collectDefaultMetrics } = await import('prom-client');
    const registry = new Registry();
    // 10 ms sampling keeps the event-loop lag histogram meaningful at a negligible cost
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
    return new ProcessMetrics(registry);
  }

  /** The text exposition of every default collector. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
