/**
 * The gnocchi:// URL parameters, read as upstream's GnocchiPublisher reads them (`parse_qs`, the
 * last value wins): `filter_project`, `filter_domain`, `enable_filter_project`, `archive_policy`,
 * `resources_definition_file`, `timeout`.
 * @example `gnocchi://?filter_project=service&archive_policy=horizon-mimic`
 */
import { boolFromString, parseQs } from '@ceilometer-ts/publisher-common';
import { redactUrl } from '@ceilometer-ts/sdk';
import { GnocchiPublisherConfigError } from './errors.js';

/** What the URL says. */
export interface GnocchiPublisherSettings {
  /** False with `enable_filter_project=false`: Gnocchi's own activity is published too. */
  readonly enableFilterProject: boolean;
  /** Gnocchi's project name (`service`), null when filtering is off. */
  readonly filterProject: string | null;
  /** Its domain name (`Default`). */
  readonly filterDomain: string | null;
  /** `archive_policy`: overrides every metric's archive policy. */
  readonly archivePolicyOverride: string | null;
  /** `resources_definition_file` (default `gnocchi_resources.yaml`, found next to the config files). */
  readonly resourcesDefinitionFile: string;
  /** `timeout` seconds per request (default 6.05, upstream's). */
  readonly timeoutMs: number;
}

/** Upstream's default request timeout (seconds). */
export const DEFAULT_TIMEOUT_S = 6.05;

/** Reads the URL's query. @throws GnocchiPublisherConfigError for a bad `timeout` or boolean. */
export function parseGnocchiSettings(url: string): GnocchiPublisherSettings {
  const q = url.indexOf('?');
  const query = q < 0 ? '' : url.slice(q + 1).replace(/#.*$/, '');
  const params = parseQs(query);
  const last = (name: string): string | undefined => params.get(name)?.at(-1);
  const enableText = last('enable_filter_project');
  const enable = enableText === undefined ? true : boolFromString(enableText, true);
  if (enable === undefined) {
    throw new GnocchiPublisherConfigError(`gnocchi publisher ${redactUrl(url)}: enable_filter_project must be a boolean, not "${enableText}"`);
  }
  const timeoutText = last('timeout');
  const timeout = timeoutText === undefined ? DEFAULT_TIMEOUT_S : Number(timeoutText);
  if (!Number.isFinite(timeout) || timeout <= 0) {
    throw new GnocchiPublisherConfigError(`gnocchi publisher ${redactUrl(url)}: timeout must be a number of seconds > 0, not "${timeoutText}"`);
  }
  return {
    enableFilterProject: enable,
    filterProject: enable ? (last('filter_project') ?? 'service') : null,
    filterDomain: enable ? (last('filter_domain') ?? 'Default') : null,
    archivePolicyOverride: last('archive_policy') ?? null,
    resourcesDefinitionFile: last('resources_definition_file') ?? 'gnocchi_resources.yaml',
    timeoutMs: Math.round(timeout * 1000),
  };
}
