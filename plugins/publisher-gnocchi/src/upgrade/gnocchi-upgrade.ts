/**
 * The `ceilometer.upgrade` step `gnocchi` (upstream's `ceilometer-upgrade` →
 * `gnocchi_client.upgrade_resource_types`): checks Gnocchi's version, creates upstream's initial
 * resource types and applies its update steps, then what the definitions files in use need (their
 * resource types and attributes), their archive policies and archive policy rules. Idempotent:
 * each step looks first and changes only what is missing. `--skip-gnocchi-resource-types` skips
 * the resource types; connection failures are retried `--retry` times (forever by default, as
 * upstream), one second apart at first, doubling up to ten.
 */
import { inject, injectable, PLUGIN_CONTEXT, type PluginContext, type UpgradeOptions, type UpgradeResult, type UpgradeStep } from '@ceilometer-ts/sdk';
import { OpenStackAuthError } from '@ceilometer-ts/openstack-client';
import { loadResourcesDefinitions, resolveDefinitionsFile, type ResourcesDefinitions } from '../definitions/load-definitions.js';
import { GnocchiAuthError, GnocchiUnavailableError, GnocchiUnreachableError } from '../errors.js';
import { GnocchiApi } from '../gnocchi-api.js';
import { createGnocchiSession } from '../gnocchi-session.js';
import { parseGnocchiSettings } from '../settings.js';
import { gnocchiPublisherUrls } from './pipeline-publishers.js';
import { UpgradeRun } from './upgrade-run.js';

/** The flag that skips resource types (upstream's name). */
export const SKIP_RESOURCE_TYPES_FLAG = 'skip-gnocchi-resource-types';

/** Delay before the first retry while Gnocchi is unreachable; doubled up to {@link MAX_RETRY_DELAY_MS}. */
const RETRY_DELAY_MS = 1000;
const MAX_RETRY_DELAY_MS = 10_000;

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Prepares Gnocchi for the publisher. */
@injectable()
export class GnocchiUpgrade implements UpgradeStep {
  readonly flags = [{ name: SKIP_RESOURCE_TYPES_FLAG, help: 'Skip gnocchi resource-types upgrade.' }];

  constructor(@inject(PLUGIN_CONTEXT) private readonly ctx: PluginContext) {}

  /** The definitions files the deployment's gnocchi:// publishers load (the default file when none is configured). */
  definitions(): ResourcesDefinitions[] {
    const urls = gnocchiPublisherUrls(this.ctx.config);
    const wanted = (urls.length > 0 ? urls : ['gnocchi://']).map((url) => parseGnocchiSettings(url));
    const seen = new Map<string, ResourcesDefinitions>();
    for (const s of wanted) {
      const file = resolveDefinitionsFile(this.ctx.config, s.resourcesDefinitionFile, this.ctx.logger);
      const key = `${file}\0${s.archivePolicyOverride ?? ''}`;
      if (!seen.has(key)) seen.set(key, loadResourcesDefinitions(file, s.archivePolicyOverride, this.ctx.logger));
    }
    return [...seen.values()];
  }

  async run(options: UpgradeOptions): Promise<UpgradeResult> {
    const definitions = this.definitions();
    const { session, settings } = createGnocchiSession(this.ctx.config, this.ctx.logger, { timeoutMs: 30_000, retries: 1 });
    const api = new GnocchiApi(session, settings);
    try {
      for (let attempt = 0; ; attempt += 1) {
        try {
          const run = new UpgradeRun(api, options);
          await run.all(definitions, !options.flags.has(SKIP_RESOURCE_TYPES_FLAG));
          return run.result();
        } catch (err) {
          if (err instanceof OpenStackAuthError) throw new GnocchiAuthError(`credentials refused: ${err.message}`, { cause: err });
          if (!(err instanceof GnocchiUnavailableError)) throw err;
          if (attempt >= options.retry || options.signal.aborted) {
            throw new GnocchiUnreachableError(`Gnocchi is unreachable after ${attempt + 1} attempt(s): ${err.message}`, { cause: err });
          }
          const delay = Math.min(RETRY_DELAY_MS * 2 ** attempt, MAX_RETRY_DELAY_MS);
          const of = Number.isFinite(options.retry) ? ` of ${options.retry + 1}` : '';
          options.progress(`Gnocchi unavailable (${err.message}); retrying in ${delay / 1000} s (attempt ${attempt + 2}${of})`);
          await pause(delay, options.signal);
        }
      }
    } finally {
      session.close();
    }
  }
}
