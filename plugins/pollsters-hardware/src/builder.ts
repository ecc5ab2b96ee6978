/**
 * The `hardware.snmp` pollster builder (`ceilometer.builder.poll.central`): one pollster per meter
 * definition of `[hardware] meter_definitions_file`, or of the definitions shipped in
 * `data/snmp.yaml` when that file is not found (Stein's `declarative.load_definitions`).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formatConfigIssue, inject, injectable, PLUGIN_CONTEXT, type BuiltPollster, type PluginContext, type PollsterBuilder } from '@ceilometer-ts/sdk';
import { parseDefinitions, type DefinitionsResult } from './definitions.js';
import { GenericHardwarePollster } from './generic-pollster.js';
import { parseLocatedYaml } from '@ceilometer-ts/located-yaml';
import { HardwareRuntime } from './runtime.js';

/** The definitions shipped with the package: Stein's 31 hardware.* meters, fixed, and the seed's network extras. */
export const PACKAGED_DEFINITIONS_FILE = fileURLToPath(new URL('../data/snmp.yaml', import.meta.url));

/** Reads and validates a definitions file (a YAML syntax error throws ConfigError). */
export async function loadDefinitionsFile(path: string): Promise<DefinitionsResult> {
  return parseDefinitions(parseLocatedYaml(await readFile(path, 'utf8'), path));
}

/** Builds the declarative hardware pollsters. */
@injectable()
export class HardwareSnmpPollsterBuilder implements PollsterBuilder {
  constructor(@inject(PLUGIN_CONTEXT) private readonly ctx: PluginContext) {}

  /** Which definitions file is used: the configured one when found, else the packaged one. */
  definitionsFile(runtime: HardwareRuntime): string {
    const configured = runtime.findFile(runtime.settings.meterDefinitionsFile);
    return configured && existsSync(configured) ? configured : PACKAGED_DEFINITIONS_FILE;
  }

  async buildPollsters(): Promise<readonly BuiltPollster[]> {
    const runtime = HardwareRuntime.of(this.ctx);
    await runtime.loadFilter();
    const file = this.definitionsFile(runtime);
    const result = await loadDefinitionsFile(file);
    for (const w of result.warnings) this.ctx.logger.warn({ file }, formatConfigIssue(w));
    for (const e of result.errors) this.ctx.logger.error({ file }, `Error loading meter definition: ${formatConfigIssue(e)}`);
    this.ctx.logger.info({ file, meters: result.definitions.length }, `hardware meter definitions loaded from ${file}`);
    return result.definitions.map((def) => ({ name: def.name, pollster: new GenericHardwarePollster(def, runtime) }));
  }
}
