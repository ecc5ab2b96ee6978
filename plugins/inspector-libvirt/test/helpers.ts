import { fileURLToPath } from 'node:url';
import { MapCycleCache, type ComputeInstance, type ConfigView, type Logger, type PluginContext, type PollCycle, MapServiceRegistry } from '@ceilometer-ts/sdk';

export const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

export interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly obj: Record<string, unknown>;
}

/** A logger that records every line. */
export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at =
    (level: string) =>
    (a: object | string, b?: unknown): void => {
      if (typeof a === 'string') lines.push({ level, msg: a, obj: {} });
      else lines.push({ level, msg: typeof b === 'string' ? b : '', obj: a as Record<string, unknown> });
    };
  const logger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'), child: () => logger, lines };
  return logger;
}

/** A ConfigView over `{ 'group.name': value }` (every option "declared"). */
export function configOf(values: Record<string, unknown>): ConfigView {
  return {
    has: (g, n) => `${g}.${n}` in values,
    get: <T>(g: string, n: string) => values[`${g}.${n}`] as T,
    group: () => ({}),
    files: [],
    configDirs: [],
    findFile: () => undefined,
  };
}

export function contextOf(values: Record<string, unknown>, logger: Logger): PluginContext {
  return { config: configOf(values), logger, services: new MapServiceRegistry() };
}

export function newCycle(): PollCycle {
  return { cache: new MapCycleCache(), timestamp: new Date().toISOString(), sourceName: 'test', signal: new AbortController().signal };
}

/** The ComputeInstance fields the inspector reads. */
export function instanceOf(id: string, instanceName = ''): ComputeInstance {
  return {
    id,
    name: instanceName,
    instanceName,
    host: 'h',
    hostId: '',
    tenantId: null,
    userId: null,
    status: 'active',
    vmState: 'running',
    flavor: null,
    image: null,
    metadata: {},
    properties: {},
  };
}
