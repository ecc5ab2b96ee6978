/**
 * Test doubles: a ComputeInspector serving records set by the test, a plugin context, cycles, a
 * recording logger and instances as discovery makes them.
 */
import {
  COMPUTE_INSPECTOR_SERVICE,
  MapCycleCache,
  MapServiceRegistry,
  silentLogger,
  type ComputeInspector,
  type ComputeInstance,
  type ConfigView,
  type DiskInfo,
  type DiskStats,
  type InstanceStats,
  type InterfaceStats,
  type LogFn,
  type Logger,
  type PluginContext,
  type PollCycle,
  type Pollster,
  type Sample,
  type VirtDomain,
} from '@ceilometer-ts/sdk';

export class FakeInspector implements ComputeInspector {
  readonly name = 'fake';
  domains: VirtDomain[] = [];
  stats = new Map<string, InstanceStats | Error>();
  vnics = new Map<string, InterfaceStats[] | Error>();
  disks = new Map<string, DiskStats[] | Error>();
  diskInfo = new Map<string, DiskInfo[] | Error>();
  calls = 0;

  listDomains(): Promise<readonly VirtDomain[]> {
    return Promise.resolve(this.domains);
  }
  inspectInstance(instance: ComputeInstance): Promise<InstanceStats> {
    return this.#get(this.stats, instance, {});
  }
  inspectVnics(instance: ComputeInstance): Promise<readonly InterfaceStats[]> {
    return this.#get(this.vnics, instance, []);
  }
  inspectDisks(instance: ComputeInstance): Promise<readonly DiskStats[]> {
    return this.#get(this.disks, instance, []);
  }
  inspectDiskInfo(instance: ComputeInstance): Promise<readonly DiskInfo[]> {
    return this.#get(this.diskInfo, instance, []);
  }
  #get<T>(map: Map<string, T | Error>, instance: ComputeInstance, fallback: T): Promise<T> {
    this.calls++;
    const value = map.get(instance.id) ?? fallback;
    return value instanceof Error ? Promise.reject(value) : Promise.resolve(value);
  }
}

export function fakeConfig(values: Record<string, unknown> = {}): ConfigView {
  return {
    get: <T>(group: string, name: string) => values[`${group}.${name}`] as T,
    has: (group, name) => `${group}.${name}` in values,
    group: () => ({}),
    files: [],
    configDirs: [],
    findFile: () => undefined,
  };
}

/** A logger keeping `[level, message]` lines. */
export function recordingLogger(lines: [string, string][] = []): Logger & { lines: [string, string][] } {
  const at = (level: string): LogFn => (...args: unknown[]) => {
    const message = args.find((a): a is string => typeof a === 'string') ?? '';
    lines.push([level, message]);
  };
  const logger: Logger & { lines: [string, string][] } = {
    ...silentLogger, trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'), lines,
    child: () => logger,
  };
  return logger;
}

export function fakeContext(inspector: ComputeInspector, values: Record<string, unknown> = {}, logger: Logger = silentLogger): PluginContext {
  const services = new MapServiceRegistry();
  services.set(COMPUTE_INSPECTOR_SERVICE, { inspector: () => Promise.resolve(inspector) });
  return { config: fakeConfig({ 'hardware.monitor_file': '/nonexistent/monitor_hardware.yaml', 'DEFAULT.host': 'compute-1', ...values }), logger, services };
}

export function fakeCycle(timestamp = '2026-12-04T19:00:00'): PollCycle {
  return { cache: new MapCycleCache(), timestamp, sourceName: 'some_pollsters', signal: new AbortController().signal };
}

export const INSTANCE_ID = '6a0f8d2e-1b2c-4d5e-8f90-0123456789ab';

export function instance(overrides: Partial<ComputeInstance> = {}): ComputeInstance {
  return {
    id: INSTANCE_ID,
    name: 'vm-one',
    instanceName: 'instance-00000001',
    host: 'compute-1',
    hostId: 'abc',
    tenantId: 'project-1',
    userId: 'user-1',
    status: 'active',
    vmState: 'running',
    flavor: { id: 'f1', name: 'm1.small', vcpus: 2, ram: 2048, disk: 20, ephemeral: 5, swap: 0 },
    image: { id: 'image-1' },
    metadata: { 'metering.stack': 'heat-1', other: 'x' },
    properties: { os_type: 'hvm', architecture: 'x86_64' },
    ...overrides,
  };
}

export async function poll<R>(pollster: Pollster<R>, cycle: PollCycle, resources: readonly R[]): Promise<Sample[]> {
  const out: Sample[] = [];
  const result = pollster.getSamples(cycle, resources);
  if (Symbol.asyncIterator in Object(result)) for await (const s of result as AsyncIterable<Sample>) out.push(s);
  else for (const s of await (result as Promise<Iterable<Sample>> | Iterable<Sample>)) out.push(s);
  return out;
}

export function vnic(overrides: Partial<InterfaceStats> = {}): InterfaceStats {
  return {
    name: 'tap0', mac: 'fa:16:3e:00:00:01', fref: null, parameters: { interfaceid: 'port-1', bridge: 'br-int' },
    rxBytes: 1000, txBytes: 2000, rxPackets: 10, txPackets: 20, rxDrop: 1, txDrop: 2, rxErrors: 3, txErrors: 4,
    ...overrides,
  };
}

export function disk(overrides: Partial<DiskStats> = {}): DiskStats {
  return { device: 'vda', readBytes: 4096, readRequests: 4, writeBytes: 8192, writeRequests: 8, errors: 0, readTotalTimes: 4_000_000, writeTotalTimes: 8_000_000, ...overrides };
}
