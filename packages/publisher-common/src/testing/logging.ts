/**
 * A logger that keeps the error and warn calls, and a plugin context around it.
 */
import { MapServiceRegistry, silentLogger, type Logger, type PluginContext } from '@ceilometer-ts/sdk';

/** A logger recording the arguments of every `error` and `warn` call in `lines`. */
export function recordingLogger(): Logger & { lines: unknown[][] } {
  const lines: unknown[][] = [];
  const log = (...args: unknown[]): void => void lines.push(args);
  const logger = { ...silentLogger, lines, error: log, warn: log, child: () => logger };
  return logger as Logger & { lines: unknown[][] };
}

/** A minimal plugin context: the logger and an empty service registry, no config. */
export const pluginContext = (logger: Logger = silentLogger): PluginContext =>
  ({ logger, services: new MapServiceRegistry() }) as unknown as PluginContext;
