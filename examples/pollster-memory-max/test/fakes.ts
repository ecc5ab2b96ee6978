/**
 * Test doubles: a compute inspector answering from tables, a recording logger, a plugin context
 * holding the inspector under the agent's service name, and instances as discovery gives them.
 */
import {
  COMPUTE_INSPECTOR_SERVICE,
  MapCycleCache,
  MapServiceRegistry,
  type ComputeInspector,
  type ComputeInspectorResolver,
  type ComputeInstance,
  type ConfigView,
  type DiskInfo,
  type DiskStats,
  type InstanceStats,
  type InterfaceStats,
  type Logger,
  type PluginContext,
  type PollCycle,
  type VirtDomain,
} from '@ceilometer-ts/sdk';

/** Answers `inspectInstance` from `stats` (a value, or an error to throw) by instance id. */
export class FakeInspector implements ComputeInspector {
  readonly name = 'fake';
  readonly calls: string[] = [];
  constructor(
    readonly stats: Record<string, InstanceStats | Error> = {},
    readonly domains: readonly VirtDomain[] = [],
  ) {}
  listDomains(): Promise<readonly VirtDomain[]> {
    this.calls.push('listDomains');
    return Promise.resolve(this.domains);
  }
  inspectInstance(instance: ComputeInstance): Promise<InstanceStats> {
    this.calls.push(`inspectInstance ${instance.id}`);
    const answer = this.stats[instance.id];
    if (answer instanceof Error) return Promise.reject(answer);
    return Promise.resolve(answer ?? {});
  }
  inspectVnics(): Promise<readonly InterfaceStats[]> {
    return Promise.resolve([]);
  }
  inspectDisks(): Promise<readonly DiskStats[]> {
    return Promise.resolve([]);
  }
  inspectDiskInfo(): Promise<readonly DiskInfo[]> {
    return Promise.resolve([]);
  }
}

export interface LogRecord {
  readonly level: string;
  readonly msg: string;
}

/** A logger keeping `level: message` records. */
export function recordingLogger(records: LogRecord[] = []): Logger & { records: LogRecord[] } {
  const at = (level: string) => (a: unknown, b?: unknown): void => {
    records.push({ level, msg: typeof a === 'string' ? a : String(b) });
  };
  return { records, trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'), child: () => recordingLogger(records) };
}

/** `[DEFAULT]` options as the agent's config holds them (declared by the core). */
function config(defaults: Readonly<Record<string, unknown>>): ConfigView {
  return {
    get: <T>(group: string, name: string): T => {
      if (group !== 'DEFAULT' || !(name in defaults)) throw new Error(`option [${group}] ${name} is not declared`);
      return defaults[name] as T;
    },
    has: (group, name) => group === 'DEFAULT' && name in defaults,
    group: () => ({ ...defaults }),
    files: [],
    configDirs: [],
    findFile: () => undefined,
  };
}

/** A plugin context whose services hold `inspector` as the agents hold theirs (none: no compute support). */
export function pluginContext(inspector?: ComputeInspector, logger: Logger = recordingLogger(), options: Readonly<Record<string, unknown>> = {}): PluginContext {
  const services = new MapServiceRegistry();
  if (inspector) services.set<ComputeInspectorResolver>(COMPUTE_INSPECTOR_SERVICE, { inspector: () => Promise.resolve(inspector) });
  return { config: config({ reserved_metadata_namespace: ['metering.'], reserved_metadata_length: 256, reserved_metadata_keys: [], ...options }), logger, services };
}

/** A cycle with a fresh cache. */
export function pollCycle(timestamp = '2026-01-01T00:00:00.000000'): PollCycle {
  return { cache: new MapCycleCache(), timestamp, sourceName: 'some_pollsters', signal: new AbortController().signal };
}

/** An instance as `local_instances` discovers it (Nova's server view). */
export function instance(id: string, changes: Partial<ComputeInstance> = {}): ComputeInstance {
  return {
    id,
    name: `vm-${id}`,
    instanceName: `instance-${id}`,
    host: 'compute-1',
    hostId: 'a1b2c3',
    tenantId: 'project-1',
    userId: 'user-1',
    status: 'ACTIVE',
    vmState: 'active',
    taskState: null,
    flavor: { id: 'f1', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20, ephemeral: 5, swap: 0 },
    image: { id: 'image-1', links: [{ rel: 'bookmark', href: 'http://nova/images/image-1' }] },
    metadata: {},
    properties: { architecture: 'x86_64', os_type: 'hvm' },
    ...changes,
  };
}

/** Every sample of one `getSamples` call. */
export async function collect<T>(samples: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const s of samples) out.push(s);
  return out;
}
