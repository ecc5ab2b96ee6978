/**
 * The shipped systemd units (etc/systemd/), checked three ways: `systemd-analyze verify` in a prepared
 * root holding the install prefix (/opt/ceilometer-ts/bin), the settings the agents depend on, and
 * their ExecStart command line, expanded with the shipped environment files and run against the
 * built commands. The sysusers.d and tmpfiles.d snippets are applied to a scratch root.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollingOptions } from '@ceilometer-ts/polling';
import { notificationOptions } from '@ceilometer-ts/pipeline';
import type { OptionList } from '@ceilometer-ts/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { launcherBuilt, ROOT } from './polling-helpers.js';
import {
  commentedAssignments,
  environmentFile,
  expandCommandLine,
  haveCommand,
  parseUnit,
  unitEnvironment,
  unitValue,
  unitValues,
  type UnitEntry,
} from './systemd-unit.js';

const UNIT_DIR = join(ROOT, 'etc/systemd');
const PREFIX_BIN = '/opt/ceilometer-ts/bin';
/** Every command the meta-package installs into the prefix (docs/operations/install.md). */
const COMMANDS = ['ceilometer-polling', 'ceilometer-agent-notification', 'ceilometer-config-generator', 'ceilometer-plugins', 'ceilometer-send-sample', 'ceilometer-upgrade'];

interface UnitCase {
  readonly unit: string;
  readonly command: string;
  /** The example ceilometer.conf the command line runs with. */
  readonly exampleConf: string;
  /** Default of the agent's `stop_timeout`: the unit must give the graceful stop that long. */
  readonly stopTimeout: number;
}

function optionDefault(options: OptionList, group: string, name: string): number {
  const option = options.find((o) => o.group === group && o.name === name);
  if (typeof option?.default !== 'number') throw new Error(`no numeric default for [${group}] ${name}`);
  return option.default;
}

const CASES: readonly UnitCase[] = [
  { unit: 'ceilometer-ts-polling', command: 'ceilometer-polling', exampleConf: 'compute', stopTimeout: optionDefault(pollingOptions, 'polling', 'stop_timeout') },
  { unit: 'ceilometer-ts-agent-notification', command: 'ceilometer-agent-notification', exampleConf: 'controller', stopTimeout: optionDefault(notificationOptions, 'notification', 'stop_timeout') },
];

const scratch: string[] = [];
function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function readUnit(name: string): UnitEntry[] {
  return parseUnit(readFileSync(join(UNIT_DIR, `${name}.service`), 'utf8'));
}

/**
 * `systemd-analyze verify` of `units` (name → text) in a scratch root that holds what an install
 * provides: the six commands in the prefix and /bin/kill (ExecReload). verify resolves Exec paths and
 * unit names inside the root, so the machine's own units and binaries play no part.
 */
function verifyInRoot(units: Readonly<Record<string, string>>): { status: number | null; output: string } {
  const root = scratchDir('ceilo-systemd-root-');
  mkdirSync(join(root, PREFIX_BIN.slice(1)), { recursive: true });
  mkdirSync(join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'etc/systemd/system'), { recursive: true });
  for (const exe of [...COMMANDS.map((c) => join(PREFIX_BIN, c)), '/bin/kill']) {
    writeFileSync(join(root, exe), '#!/bin/sh\n');
    chmodSync(join(root, exe), 0o755);
  }
  for (const [name, text] of Object.entries(units)) writeFileSync(join(root, 'etc/systemd/system', name), text);
  const result = spawnSync('systemd-analyze', ['verify', `--root=${root}`, '--man=no', '--recursive-errors=no', ...Object.keys(units)], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

const shipped = (): Record<string, string> =>
  Object.fromEntries(CASES.map((c) => [`${c.unit}.service`, readFileSync(join(UNIT_DIR, `${c.unit}.service`), 'utf8')]));

describe.skipIf(!haveCommand('systemd-analyze'))('systemd-analyze verify (Debian package systemd)', () => {
  it('accepts both units with the commands installed in /opt/ceilometer-ts/bin', () => {
    expect(verifyInRoot(shipped())).toEqual({ status: 0, output: '' });
  });

  it('fails on a unit with an unknown key (the check is not a no-op)', () => {
    const units = shipped();
    units['ceilometer-ts-polling.service'] = (units['ceilometer-ts-polling.service'] ?? '').replace('Restart=on-failure', 'Restar=on-failure');
    const result = verifyInRoot(units);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("Unknown key 'Restar'");
  });

  it('fails on a unit whose ExecStart names a command the prefix does not hold', () => {
    const units = shipped();
    units['ceilometer-ts-agent-notification.service'] = (units['ceilometer-ts-agent-notification.service'] ?? '').replace('bin/ceilometer-agent-notification', 'bin/ceilometer-agent-notifications');
    const result = verifyInRoot(units);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('/opt/ceilometer-ts/bin/ceilometer-agent-notifications is not executable');
  });
});

describe.each(CASES.map((c) => [c.unit, c] as const))('%s.service', (_, c) => {
  const entries = readUnit(c.unit);
  const service = (key: string): string => unitValue(entries, 'Service', key);

  it('runs the agent from the install prefix as user ceilometer with the config and log paths of Debian', () => {
    expect(service('User')).toBe('ceilometer');
    expect(service('Group')).toBe('ceilometer');
    expect(service('Type')).toBe('exec');
    const argv = expandCommandLine(service('ExecStart'), unitEnvironment(entries));
    expect(argv.slice(0, 2)).toEqual([`${PREFIX_BIN}/${c.command}`, '--config-file=/etc/ceilometer/ceilometer.conf']);
    expect(argv).toContain(`--log-file=/var/log/ceilometer/${c.unit}.log`);
    // the namespaces come from ceilometer.conf unless the environment file says otherwise
    expect(argv).not.toContain('--polling-namespaces');
    expect(unitValues(entries, 'Install', 'WantedBy')).toEqual(['multi-user.target']);
  });

  it('restarts on failure and gives the graceful stop its stop_timeout and the publishers\' close', () => {
    expect(service('Restart')).toBe('on-failure');
    expect(service('KillSignal')).toBe('SIGTERM');
    // only the agent gets SIGTERM: it closes its own children (virsh) after the cycle in flight
    expect(service('KillMode')).toBe('mixed');
    expect(Number(service('TimeoutStopSec'))).toBeGreaterThanOrEqual(c.stopTimeout + 10);
    expect(service('ExecReload')).toBe('/bin/kill -HUP $MAINPID');
  });

  it('reads its environment file, which the repository ships under etc/default', () => {
    expect(service('EnvironmentFile')).toBe(`-/etc/default/${c.unit}`);
    expect(existsSync(join(ROOT, 'etc/default', c.unit))).toBe(true);
  });

  it('keeps the directories Debian\'s packages share and hardening that leaves V8, libvirt and devices alone', () => {
    expect(service('StateDirectory')).toBe('ceilometer');
    expect(service('StateDirectoryMode')).toBe('0750');
    expect(service('RuntimeDirectoryPreserve')).toBe('yes');
    // LogsDirectory= would chown /var/log/ceilometer (ceilometer:adm in Debian) to ceilometer:ceilometer
    expect(unitValues(entries, 'Service', 'LogsDirectory')).toEqual([]);
    expect(service('ReadWritePaths')).toBe('-/var/log/ceilometer');
    expect(service('NoNewPrivileges')).toBe('yes');
    expect(service('ProtectSystem')).toBe('full');
    expect(service('PrivateTmp')).toBe('yes');
    // V8's JIT needs writable executable memory
    expect(unitValues(entries, 'Service', 'MemoryDenyWriteExecute')).toEqual([]);
    for (const key of ['PrivateNetwork', 'RestrictAddressFamilies', 'IPAddressDeny']) expect(unitValues(entries, 'Service', key)).toEqual([]);
    // the polling agent's IPMI pollsters read /dev/ipmi*
    if (c.command === 'ceilometer-polling') expect(unitValues(entries, 'Service', 'PrivateDevices')).toEqual([]);
  });
});

/** The long flags a command's `--help` lists. */
function declaredFlags(command: string): Set<string> {
  const help = spawnSync(process.execPath, [join(ROOT, 'bin', command), '--help'], { encoding: 'utf8' }).stdout;
  return new Set(help.match(/--[a-z][a-z0-9-]*/g) ?? []);
}

/** The example config, with /etc/ceilometer and /var/lib/ceilometer rewritten into the repository and `dir`. */
function exampleConfIn(dir: string, example: string): string {
  const text = readFileSync(join(ROOT, 'etc/ceilometer', example, 'ceilometer.conf'), 'utf8')
    .replaceAll('/etc/ceilometer/', `${join(ROOT, 'etc/ceilometer')}/`)
    .replaceAll('/var/lib/ceilometer/', `${dir}/lib/`);
  mkdirSync(join(dir, 'lib/plugins'), { recursive: true });
  writeFileSync(join(dir, 'ceilometer.conf'), text);
  return join(dir, 'ceilometer.conf');
}

describe.each(CASES.map((c) => [c.unit, c] as const))('%s.service command line', (_, c) => {
  const entries = readUnit(c.unit);
  const envText = readFileSync(join(ROOT, 'etc/default', c.unit), 'utf8');
  const declared = launcherBuilt() ? declaredFlags(c.command) : new Set<string>();
  const variants: [string, Record<string, string>][] = [
    ['the unit\'s defaults', { ...unitEnvironment(entries), ...environmentFile(envText) }],
    ['every variant the environment file offers', { ...unitEnvironment(entries), ...commentedAssignments(envText) }],
  ];
  const argvOf = (env: Record<string, string>, dir: string): string[] =>
    expandCommandLine(unitValue(entries, 'Service', 'ExecStart'), env).map((arg) =>
      arg
        .replace('/etc/ceilometer/ceilometer.conf', exampleConfIn(dir, c.exampleConf))
        .replace('/var/log/ceilometer/', `${dir}/`)
        .replace(`${PREFIX_BIN}/`, `${join(ROOT, 'bin')}/`),
    );

  // oslo.log's flags come with the logging work; until the command has them there is nothing to check
  it.skipIf(!declared.has('--log-file')).each(variants)('uses only flags the built command declares, with %s', (_variant, env) => {
    const flags = argvOf(env, scratchDir('ceilo-systemd-flags-')).filter((a) => a.startsWith('--')).map((a) => a.replace(/=.*/, ''));
    expect(flags.filter((f) => !declared.has(f))).toEqual([]);
  });

  // --validate-config loads every file and plugin the command line names and connects to nothing;
  // --version would not do: commander acts on it before it looks at unknown flags
  it.skipIf(!declared.has('--validate-config')).each(variants)('is accepted by the built command\'s --validate-config with %s', (_variant, env) => {
    const argv = argvOf(env, scratchDir('ceilo-systemd-run-'));
    const result = spawnSync(process.execPath, [...argv, '--validate-config'], {
      encoding: 'utf8',
      env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0' },
      timeout: 60_000,
    });
    expect(result.status, `${argv.join(' ')} --validate-config\n${result.stdout}${result.stderr}`).toBe(0);
  });
});

const isRoot = process.getuid?.() === 0;
describe.skipIf(!isRoot || !haveCommand('systemd-sysusers') || !haveCommand('systemd-tmpfiles'))('sysusers.d and tmpfiles.d', () => {
  it('create the user ceilometer and the directories with Debian\'s owners and modes', () => {
    const root = scratchDir('ceilo-sysusers-root-');
    mkdirSync(join(root, 'etc'));
    for (const f of ['passwd', 'shadow', 'gshadow']) writeFileSync(join(root, 'etc', f), '');
    writeFileSync(join(root, 'etc/group'), 'adm:x:4:\n');
    copyFileSync(join(ROOT, 'etc/sysusers.d/ceilometer-ts.conf'), join(root, 'sysusers.conf'));
    const sysusers = spawnSync('systemd-sysusers', [`--root=${root}`, join(root, 'sysusers.conf')], { encoding: 'utf8' });
    expect(sysusers.status, sysusers.stderr).toBe(0);
    const passwd = readFileSync(join(root, 'etc/passwd'), 'utf8');
    const user = /^ceilometer:x:(\d+):(\d+):[^:]*:\/var\/lib\/ceilometer:\/usr\/sbin\/nologin$/m.exec(passwd);
    expect(user, passwd).not.toBeNull();

    const tmpfiles = spawnSync('systemd-tmpfiles', [`--root=${root}`, '--create', join(ROOT, 'etc/tmpfiles.d/ceilometer-ts.conf')], { encoding: 'utf8' });
    expect(tmpfiles.status, tmpfiles.stderr).toBe(0);
    const uid = Number(user?.[1]);
    const gid = Number(user?.[2]);
    const dirOf = (path: string): { mode: string; uid: number; gid: number } => {
      const st = statSync(join(root, path));
      return { mode: (st.mode & 0o7777).toString(8), uid: st.uid, gid: st.gid };
    };
    expect(dirOf('var/log/ceilometer')).toEqual({ mode: '750', uid, gid: 4 });
    expect(dirOf('var/lib/ceilometer')).toEqual({ mode: '750', uid, gid });
    expect(dirOf('var/lib/ceilometer/plugins')).toEqual({ mode: '755', uid: 0, gid: 0 });
  });
});
