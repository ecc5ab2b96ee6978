/**
 * Test doubles: a plugin context without a container, a poll cycle, and a reader rooted at the
 * fixture copy of /proc and /sys with per-file overrides.
 */
import { fileURLToPath } from 'node:url';
import {
  MapCycleCache,
  MapServiceRegistry,
  silentLogger,
  type ConfigView,
  type PluginContext,
  type PollCycle,
} from '@ceilometer-ts/sdk';
import { HOST_READER_SERVICE, ProcFsReader, type FilesystemUsage, type HostReader } from '../src/index.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** A config view with only the given `group.name` values declared. */
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

/** Reads fixtures, with some paths replaced and each read counted. */
export class FixtureReader implements HostReader {
  readonly hostname = 'node-1';
  readonly reads = new Map<string, number>();
  readonly overrides = new Map<string, string>();
  readonly #fs = new ProcFsReader({ root: FIXTURES, hostname: 'node-1' });
  readonly usage = new Map<string, FilesystemUsage>([['/', { totalBytes: 100 * 1024 * 1024, freeBytes: 40 * 1024 * 1024 }]]);

  async readText(path: string): Promise<string> {
    this.reads.set(path, (this.reads.get(path) ?? 0) + 1);
    return this.overrides.get(path) ?? this.#fs.readText(path);
  }
  async filesystemUsage(mountPoint: string): Promise<FilesystemUsage> {
    const u = this.usage.get(mountPoint);
    if (!u) throw new Error(`ENOENT ${mountPoint}`);
    return u;
  }
  ipv4Addresses(): ReadonlyMap<string, readonly string[]> {
    return new Map([['eth0', ['192.0.2.10']], ['lo', ['127.0.0.1']]]);
  }
}

export function fakeContext(reader?: HostReader, config: ConfigView = fakeConfig()): PluginContext {
  const services = new MapServiceRegistry();
  if (reader) services.set(HOST_READER_SERVICE, reader);
  return { config, logger: silentLogger, services };
}

export function fakeCycle(timestamp = '2026-11-23T19:00:00'): PollCycle {
  return { cache: new MapCycleCache(), timestamp, sourceName: 'host', signal: new AbortController().signal };
}
