/**
 * `--version` of every command: the command, the cli package, the sdk plugins are loaded against,
 * the `ceilometer-ts` meta-package when the commands came with it, and Node. Read from package.json
 * files only: no plugin scan, no config.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
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

function packageVersion(file: string): string | undefined {
  try {
    const version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

function metaPackageVersion(cliDir: string): string | undefined {
  try {
    // NOTE: resolved from the cli's side: npm puts the meta-package in a node_modules above the cli
    // (global: <prefix>/lib/node_modules/ceilometer-ts/node_modules/@ceilometer-ts/cli)
    return packageVersion(createRequire(join(cliDir, 'package.json')).resolve('ceilometer-ts/package.json'));
  } catch {
    return undefined;
  }
}

/** The versions `--version` prints for `command`. */
export function versionInfo(command: string): VersionInfo {
  const cliDir = cliPackageDir();
  return {
    command,
    cli: packageVersion(join(cliDir, 'package.json')) ?? '0.0.0',
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
