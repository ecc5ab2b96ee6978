/**
 * Scan roots: where the registry looks for plugin packages, and how the default set is built from
 * the application directory, `CEILOMETER_PLUGIN_PATH` and `[DEFAULT] plugin_dirs`.
 */
import { realpathSync } from 'node:fs';
import { basename, delimiter, dirname, resolve } from 'node:path';

/**
 * How a root is walked:
 * - `dependencies`: the package at `dir` and its dependency tree, resolved the way Node resolves
 *   them (works with npm's hoisted and pnpm's symlinked `node_modules`);
 * - `workspace`: the packages matched by `pnpm-workspace.yaml` (or package.json `workspaces`) at `dir`;
 * - `plugin-dir`: every package in `dir/node_modules` (scoped ones included), the layout left by
 *   `npm install --prefix dir some-plugin`; `dir` may also be a `node_modules` folder itself.
 */
export type ScanRootKind = 'dependencies' | 'workspace' | 'plugin-dir';

/** One scan root. */
export interface ScanRoot {
  readonly kind: ScanRootKind;
  readonly dir: string;
}

/** Inputs of {@link defaultScanRoots}. */
export interface DefaultScanRootsOptions {
  /** The application package (the directory holding the cli's package.json). */
  readonly appDir: string;
  /** The pnpm workspace root, when running from a checkout. */
  readonly workspaceRoot?: string;
  /** `[DEFAULT] plugin_dirs` from ceilometer.conf. */
  readonly pluginDirs?: readonly string[];
  /** Environment (for `CEILOMETER_PLUGIN_PATH`); defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function realOrResolved(dir: string): string {
  try {
    return realpathSync.native(dir);
  } catch {
    return resolve(dir);
  }
}

/**
 * The `node_modules` folder an installed app lives in, when it is not inside pnpm's store: in a
 * global install (`<prefix>/lib/node_modules/@ceilometer-ts/cli`) its siblings are the plugins.
 */
function installedSiblings(appDir: string): string | undefined {
  let parent = dirname(appDir);
  if (basename(parent).startsWith('@')) parent = dirname(parent);
  if (basename(parent) !== 'node_modules' || parent.split(/[\\/]/).includes('.pnpm')) return undefined;
  return parent;
}

/**
 * The roots for an application: its dependency tree, the workspace (if any), the siblings of an
 * installed app (global install), then `CEILOMETER_PLUGIN_PATH` (path-delimiter separated) and
 * `[DEFAULT] plugin_dirs`, in that order, duplicates removed.
 */
export function defaultScanRoots(options: DefaultScanRootsOptions): ScanRoot[] {
  const env = options.env ?? process.env;
  const appDir = realOrResolved(options.appDir);
  const roots: ScanRoot[] = [{ kind: 'dependencies', dir: appDir }];
  if (options.workspaceRoot) roots.push({ kind: 'workspace', dir: realOrResolved(options.workspaceRoot) });
  const siblings = installedSiblings(appDir);
  if (siblings) roots.push({ kind: 'plugin-dir', dir: siblings });
  const fromEnv = (env['CEILOMETER_PLUGIN_PATH'] ?? '').split(delimiter).filter((d) => d.trim() !== '');
  for (const dir of [...fromEnv, ...(options.pluginDirs ?? [])]) {
    roots.push({ kind: 'plugin-dir', dir: realOrResolved(dir) });
  }
  const seen = new Set<string>();
  return roots.filter((r) => {
    const key = `${r.kind}\0${r.dir}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
