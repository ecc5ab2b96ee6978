/**
 * Helpers that keep a plugin README's example config honest: pull the publisher URLs out of its
 * ```yaml blocks and build a plugin context with a few config values, so a test constructs the
 * plugin with every example URL.
 */
import { readFileSync } from 'node:fs';
import { MapServiceRegistry } from '../context.js';
import type { PluginContext } from '../context.js';
import { silentLogger } from '../logger.js';
import type { ConfigView } from '../options.js';

/** Every `- scheme://...` list item inside the README's ```yaml code blocks. */
export function readmeExampleUrls(readme: URL | string): string[] {
  const text = readFileSync(readme, 'utf8');
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks.flatMap((block) => [...block.matchAll(/^\s*- ([a-z]+:\/\/\S*)$/gm)].map((m) => m[1] ?? ''));
}

/** A PluginContext whose config answers `group.name` keys from `values` (others: not declared). */
export function fakePluginContext(values: Readonly<Record<string, unknown>> = {}): PluginContext {
  const config: ConfigView = {
    has: (g, n) => `${g}.${n}` in values,
    get: <T>(g: string, n: string) => values[`${g}.${n}`] as T,
    group: (g) => Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith(`${g}.`)).map(([k, v]) => [k.slice(g.length + 1), v])),
    files: [],
    configDirs: [],
    findFile: () => undefined,
  };
  return { logger: silentLogger, services: new MapServiceRegistry(), config };
}
