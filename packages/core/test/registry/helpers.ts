/** Shared helpers for registry tests: fixture packages, a recording logger, scanning a fixture app. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@ceilometer-ts/sdk';
import { readFixturePackage, type FixtureApp, type FixturePackage } from '@ceilometer-ts/sdk/testing';
import { defaultScanRoots, PluginRegistry, type ScanOptions } from '../../src/registry/index.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/registry/', import.meta.url));

/** The sdk version registry tests check peer ranges against (fixtures ask for ^1.0.0). */
export const SDK_VERSION = '1.2.3';

export function fixture(dir: string): Promise<FixturePackage> {
  return readFixturePackage(join(FIXTURES, dir), dir === 'bad-json' ? 'fixture-bad-json' : undefined);
}

export function fixtures(...dirs: string[]): Promise<FixturePackage[]> {
  return Promise.all(dirs.map(fixture));
}

export interface LogRecord {
  readonly level: string;
  readonly fields: Record<string, unknown>;
  readonly msg: string;
}

/** A logger that keeps every record (child bindings merged into fields). */
export function recordingLogger(records: LogRecord[] = [], bindings: Record<string, unknown> = {}): Logger & { records: LogRecord[] } {
  const at = (level: string) => (a: unknown, b?: unknown) => {
    const fields = typeof a === 'object' && a !== null ? { ...bindings, ...(a as Record<string, unknown>) } : { ...bindings };
    const msg = typeof a === 'string' ? a : typeof b === 'string' ? b : '';
    records.push({ level, fields, msg });
  };
  return {
    records,
    trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'),
    child: (more) => recordingLogger(records, { ...bindings, ...more }),
  };
}

/** Scans a fixture app with the roots an installed app would use (no cache unless asked). */
export function scanApp(app: FixtureApp, options: Partial<ScanOptions> = {}): Promise<PluginRegistry> {
  const roots = defaultScanRoots({ appDir: app.appDir, pluginDirs: app.pluginDir ? [app.pluginDir] : [], env: {} });
  return PluginRegistry.scan({ roots, cache: false, sdkVersion: SDK_VERSION, env: {}, ...options });
}

/** Module paths imported so far by fixture plugins (they record themselves on import). */
export function importsSeen(): string[] {
  return [...((globalThis as { __ceiloImports?: string[] }).__ceiloImports ?? [])];
}

export function resetImports(): void {
  (globalThis as { __ceiloImports?: string[] }).__ceiloImports = [];
}

/** `ns -> names` of a registry, for compact assertions. */
export function namesByNamespace(registry: PluginRegistry): Record<string, string[]> {
  return Object.fromEntries(registry.namespaces().map((ns) => [ns, registry.entryPoints(ns).map((ep) => ep.name)]));
}
