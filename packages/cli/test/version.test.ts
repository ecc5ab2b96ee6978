/**
 * `--version` on every command: the command, cli, sdk and Node versions on one line, exit 0, before
 * any plugin scan or config read (a config file that does not exist is not even looked at).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  agentNotificationProgram, configGeneratorProgram, formatVersion, metaPackageVersion, pluginsProgram, pollingProgram, sendSampleProgram, upgradeProgram, versionInfo,
} from '@ceilometer-ts/cli';
import { ROOT, launcherBuilt } from './polling-helpers.js';

const version = (dir: string): string => (JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { version: string }).version;
const CLI = version('packages/cli');
const SDK = version('packages/sdk');

const programs: ReadonlyArray<readonly [string, () => Command]> = [
  ['ceilometer-polling', pollingProgram],
  ['ceilometer-agent-notification', agentNotificationProgram],
  ['ceilometer-config-generator', configGeneratorProgram],
  ['ceilometer-plugins', pluginsProgram],
  ['ceilometer-send-sample', sendSampleProgram],
  ['ceilometer-upgrade', upgradeProgram],
];

function expected(command: string): string {
  return `${command} ${CLI} (@ceilometer-ts/cli ${CLI}, @ceilometer-ts/sdk ${SDK}, node ${process.version})`;
}

describe('--version', () => {
  it('formats the command, the meta-package when there is one, the cli, the sdk and node', () => {
    expect(formatVersion({ command: 'ceilometer-polling', cli: '0.2.0', sdk: '0.3.0', meta: undefined, node: 'v20.20.0' }))
      .toBe('ceilometer-polling 0.2.0 (@ceilometer-ts/cli 0.2.0, @ceilometer-ts/sdk 0.3.0, node v20.20.0)');
    expect(formatVersion({ command: 'ceilometer-polling', cli: '0.2.0', sdk: '0.3.0', meta: '1.0.0', node: 'v20.20.0' }))
      .toBe('ceilometer-polling 1.0.0 (ceilometer-ts 1.0.0, @ceilometer-ts/cli 0.2.0, @ceilometer-ts/sdk 0.3.0, node v20.20.0)');
    expect(versionInfo('x')).toEqual({ command: 'x', cli: CLI, sdk: SDK, meta: undefined, node: process.version });
  });

  it('finds the meta-package in npm\'s layouts only, never through NODE_PATH from a checkout', () => {
    const root = mkdtempSync(join(tmpdir(), 'ceilo-version-'));
    const write = (dir: string, manifest: object): void => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
    };
    try {
      // npm install -g --prefix P ceilometer-ts: the cli nested in the meta-package
      const globalMeta = join(root, 'g/lib/node_modules/ceilometer-ts');
      write(globalMeta, { name: 'ceilometer-ts', version: '1.2.3' });
      write(join(globalMeta, 'node_modules/@ceilometer-ts/cli'), { name: '@ceilometer-ts/cli', version: '0.1.0' });
      expect(metaPackageVersion(join(globalMeta, 'node_modules/@ceilometer-ts/cli'))).toBe('1.2.3');
      // npm install --prefix D ceilometer-ts: hoisted side by side
      write(join(root, 'd/node_modules/ceilometer-ts'), { name: 'ceilometer-ts', version: '2.0.0' });
      write(join(root, 'd/node_modules/@ceilometer-ts/cli'), { name: '@ceilometer-ts/cli', version: '0.1.0' });
      expect(metaPackageVersion(join(root, 'd/node_modules/@ceilometer-ts/cli'))).toBe('2.0.0');
      // the cli alone, and the checkout (pnpm's shims put the workspace's ceilometer-ts on NODE_PATH)
      write(join(root, 'c/node_modules/@ceilometer-ts/cli'), { name: '@ceilometer-ts/cli', version: '0.1.0' });
      expect(metaPackageVersion(join(root, 'c/node_modules/@ceilometer-ts/cli'))).toBeUndefined();
      expect(metaPackageVersion(join(ROOT, 'packages/cli'))).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it.each(programs)('%s --version prints one line and exits 0 before its action', (command, make) => {
    const program = make();
    let out = '';
    program.exitOverride().configureOutput({ writeOut: (text) => (out += text), writeErr: (text) => (out += text) });
    const argv = ['node', command, '--config-file', '/nonexistent/ceilometer.conf', '--version'];
    let error: unknown;
    try {
      program.parse(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).exitCode).toBe(0);
    expect(out).toBe(`${expected(command)}\n`);
  });

  it.skipIf(!launcherBuilt())('every launcher answers --version in its own process', () => {
    for (const [command] of programs) {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin', command), '--version'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, CEILOMETER_PLUGIN_PATH: '/nonexistent' } });
      expect({ command, status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ command, status: 0, stdout: `${expected(command)}\n`, stderr: '' });
    }
  });
});
