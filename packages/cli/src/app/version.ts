/**
 * `--version` of every command: the command, the cli package, the sdk plugins are loaded against,
 * the `ceilometer-ts` meta-package when the commands came with it, and Node. Read from package.json
 * files only: no plugin scan, no config.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { installedSdkVersion } from '@ceilometer-ts/core';
import type { Command } from 'commander';
import { cliPackageDir } from './paths.js';

/** What `--version` reports. */
export interface VersionInfo {
  readonly command: string;
  /** Version of `@ceilometer-ts/cli`. */
  readonly cli: string;
  /** Version of the host's `@ceilometer-ts/sdk` (the copy plugins are checked and loaded against). */
  readonly sdk: string;
  /** Version of the `ceilometer-ts` meta-package the cli was installed with, if any. */
  readonly meta: string | undefined;
  readonly node: string;
}

function packageManifest(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}

/**
 * Version of the `ceilometer-ts` meta-package the cli at `cliDir` was installed with, found from npm's
 * layouts: the cli nested in the meta-package's own node_modules (`npm install -g`:
 * `<prefix>/lib/node_modules/ceilometer-ts/node_modules/@ceilometer-ts/cli`) or hoisted beside it
 * (`npm install --prefix DIR ceilometer-ts`: `DIR/node_modules/{ceilometer-ts,@ceilometer-ts/cli}`).
 */
export function metaPackageVersion(cliDir: string): string | undefined {
  // NOTE: not require.resolve('ceilometer-ts'): NODE_PATH (pnpm's shims set it) would find the
  // workspace's copy from a checkout
  const nodeModules = dirname(dirname(cliDir));
  if (basename(nodeModules) !== 'node_modules') return undefined;
  for (const file of [join(dirname(nodeModules), 'package.json'), join(nodeModules, 'ceilometer-ts', 'package.json')]) {
    const manifest = packageManifest(file);
    if (manifest?.name === 'ceilometer-ts' && typeof manifest.version === 'string') return manifest.version;
  }
  return undefined;
}

/** The versions `--version` prints for `command`. */
export function versionInfo(command: string): VersionInfo {
  const cliDir = cliPackageDir();
  const cli = packageManifest(join(cliDir, 'package.json'))?.version;
  return {
    command,
    cli: typeof cli === 'string' ? cli : '0.0.0',
    sdk: installedSdkVersion(),
    meta: metaPackageVersion(cliDir),
    node: process.version,
  };
}

/**
 * One line, e.g. `ceilometer-polling 0.2.0 (ceilometer-ts 0.2.0, @ceilometer-ts/cli 0.2.0,
 * @ceilometer-ts/sdk 0.2.0, node v20.20.0)`; the first version is the meta-package's when the
 * commands came with it, else the cli's.
 */
export function formatVersion(info: VersionInfo): string {
  const parts = [
    ...(info.meta !== undefined ? [`ceilometer-ts ${info.meta}`] : []),
    `@ceilometer-ts/cli ${info.cli}`,
    `@ceilometer-ts/sdk ${info.sdk}`,
    `node ${info.node}`,
  ];
  return `${info.command} ${info.meta ?? info.cli} (${parts.join(', ')})`;
}

/** Adds `--version` to a command's program: prints {@link formatVersion} and exits 0 before any action runs. */
export function addVersionOption(program: Command): Command {
  return program.version(formatVersion(versionInfo(program.name())), '--version', 'print the versions of the command, the cli, the sdk and Node, and exit');
}
