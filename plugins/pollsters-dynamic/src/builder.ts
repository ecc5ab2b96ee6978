/**
 * The `dynamic` pollster builder (`ceilometer.builder.poll.{central,compute,ipmi}`): every `*.yaml`
 * file of `[polling] pollsters_definitions_dirs`, sorted, each a list of definitions, as upstream's
 * create_dynamic_pollsters. A definition runs in the namespaces its `namespaces` key lists
 * (default `central`); the first definition of a name wins. An invalid definition is logged with
 * file, line and key and skipped; a file that is not YAML stops the agent with file and line, as
 * upstream's load_definitions raises.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, formatConfigIssue, inject, injectable, PLUGIN_CONTEXT, type BuiltPollster, type PluginContext, type PollsterBuilder } from '@ceilometer-ts/sdk';
import { loadLocatedYaml } from '@ceilometer-ts/located-yaml';
import { checkDefinition, type DynamicPollsterDefinition } from './definition.js';
import { DynamicPollster } from './pollster.js';
import { DynamicPollsterRuntime } from './runtime.js';

/** The polling namespace of a `ceilometer.builder.poll.<ns>` entry point. */
function namespaceOf(ctx: PluginContext): string {
  const ns = ctx.entryPoint?.namespace ?? '';
  return ns.startsWith('ceilometer.builder.poll.') ? ns.slice('ceilometer.builder.poll.'.length) : 'central';
}

async function yamlFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/** Reads every definition file; returns the valid definitions in order, logging the others. */
export async function loadDefinitions(dirs: readonly string[], logError: (message: string) => void): Promise<DynamicPollsterDefinition[]> {
  const definitions: DynamicPollsterDefinition[] = [];
  for (const dir of dirs) {
    for (const file of await yamlFiles(dir)) {
      const yaml = await loadLocatedYaml(file);
      if (yaml.value === null) continue;
      if (!Array.isArray(yaml.value)) throw new ConfigError([yaml.issue([], 'a dynamic pollsters file must be a list of definitions')]);
      yaml.value.forEach((raw: unknown, i) => {
        const checked = checkDefinition(raw, { yaml, path: [i] });
        if (Array.isArray(checked)) {
          const name = (raw as { name?: unknown } | null)?.name;
          logError(`invalid dynamic pollster${typeof name === 'string' ? ` [${name}]` : ''} skipped: ${(checked as ConfigError['issues']).map(formatConfigIssue).join('; ')}`);
        } else definitions.push(checked as DynamicPollsterDefinition);
      });
    }
  }
  return definitions;
}

@injectable()
export class DynamicPollsterBuilder implements PollsterBuilder {
  constructor(@inject(PLUGIN_CONTEXT) private readonly ctx: PluginContext) {}

  async buildPollsters(): Promise<readonly BuiltPollster[]> {
    const runtime = DynamicPollsterRuntime.of(this.ctx);
    const namespace = namespaceOf(this.ctx);
    const { logger } = this.ctx;
    const built: BuiltPollster[] = [];
    const names = new Set<string>();
    for (const def of await loadDefinitions(runtime.settings.definitionsDirs, (m) => logger.error(m))) {
      if (!def.namespaces.includes(namespace)) continue;
      const builtBy = runtime.built.get(def.name);
      if (names.has(def.name) || (builtBy !== undefined && builtBy !== namespace)) {
        logger.info({ pollster: def.name }, `dynamic pollster [${def.name}] is already defined; skipping the one in ${def.file}:${def.line ?? '?'}`);
        continue;
      }
      names.add(def.name);
      runtime.built.set(def.name, namespace);
      built.push({ name: def.name, pollster: new DynamicPollster(def, runtime, logger) });
    }
    if (built.length) logger.info({ namespace, pollsters: built.map((b) => b.name) }, `loaded ${built.length} dynamic pollster(s) for namespace ${namespace}`);
    return built;
  }
}
