/**
 * `--namespace` values: our option namespaces (`ceilometer` for core, `ceilometer-auth` for the
 * OpenStack client, one per `oslo.config.opts` entry point), upstream's names for the same options,
 * and upstream's library namespaces that have no options of their own here.
 */
import { didYouMean } from '@ceilometer-ts/sdk';
import type { OptionSource } from '../app/bootstrap.js';
import { UnknownNamespaceError } from './errors.js';

/** Upstream namespace → ours, where the options moved to a package of ours under another name. */
const UPSTREAM_ALIASES: Readonly<Record<string, string>> = {
  'oslo.messaging': 'messaging',
};

/**
 * Namespaces upstream's generator config lists (etc/ceilometer/ceilometer-config-generator.conf) and
 * common deployments add, for libraries ceilometer-ts does not use or whose few options it declares in
 * `ceilometer`: skipped with a note, so upstream's generator config runs unchanged.
 */
const UPSTREAM_WITHOUT_OPTIONS: readonly string[] = [
  'cotyledon',
  'keystonemiddleware.auth_token',
  'oslo.cache',
  'oslo.concurrency',
  'oslo.middleware',
  'oslo.policy',
  'oslo.reports',
  'oslo.service.service',
];

/** The sources selected by `--namespace` values, in the order named, and the names skipped. */
export interface SelectedNamespaces {
  readonly sources: readonly OptionSource[];
  readonly skipped: readonly string[];
}

/**
 * Resolves `--namespace` values against the installed option sources; every source when none is
 * named (upstream requires at least one; ours defaults to all). Throws {@link UnknownNamespaceError}
 * naming the known namespaces and the closest one.
 */
export function selectNamespaces(requested: readonly string[], sources: readonly OptionSource[]): SelectedNamespaces {
  if (requested.length === 0) return { sources, skipped: [] };
  const known = [...new Set(sources.map((s) => s.namespace))];
  const selected: OptionSource[] = [];
  const skipped: string[] = [];
  for (const name of new Set(requested)) {
    const ours = UPSTREAM_ALIASES[name] ?? name;
    if (known.includes(ours)) {
      selected.push(...sources.filter((s) => s.namespace === ours && !selected.includes(s)));
    } else if (UPSTREAM_WITHOUT_OPTIONS.includes(name)) {
      skipped.push(name);
    } else {
      const candidates = [...known, ...Object.keys(UPSTREAM_ALIASES).filter((a) => known.includes(UPSTREAM_ALIASES[a] ?? ''))];
      throw new UnknownNamespaceError(`unknown namespace "${name}" (known: ${[...known].sort().join(', ')})${didYouMean(name, candidates)}`);
    }
  }
  return { sources: selected, skipped };
}
