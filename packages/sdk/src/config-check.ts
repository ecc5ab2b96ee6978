/**
 * How a plugin checks its own configuration for `--validate-config`: a static `validateConfig`
 * on the class an entry point names. The agents call it for the entry points the configuration
 * uses (after importing their modules), with the plugin context the agent would give, and report
 * what it returns with the other problems. It reads files and options only: it must not connect
 * anywhere or start anything.
 *
 * @example
 * export class IpmiBmcsDiscovery implements Discovery<IpmiTarget> {
 *   static async validateConfig(ctx: PluginContext): Promise<readonly ConfigIssue[]> { ... }
 * }
 */
import type { PluginContext } from './context.js';
import type { ConfigIssue } from './errors.js';

/** The static hook's signature. */
export type ValidateConfig = (context: PluginContext) => Promise<readonly ConfigIssue[]> | readonly ConfigIssue[];

/** The class's `validateConfig`, when it has one. */
export function configCheckOf(pluginClass: unknown): ValidateConfig | undefined {
  if (typeof pluginClass !== 'function') return undefined;
  const check = (pluginClass as { validateConfig?: unknown }).validateConfig;
  return typeof check === 'function' ? (check.bind(pluginClass) as ValidateConfig) : undefined;
}
