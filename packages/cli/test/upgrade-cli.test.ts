/**
 * `ceilometer-upgrade` end to end with synthetic `ceilometer.upgrade` steps installed in operator
 * plugin directories: steps run in name order with one progress line per change, a second run
 * changes nothing, flags and --retry reach the step, an unknown flag or step is a usage error, a failing
 * step's typed error is printed and the exit status is non-zero.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, launcherBuilt, tempDir, type TempDir } from './polling-helpers.js';

/** A step that keeps its "backend" in a JSON file: creates what is missing, records what it was given. */
const FAKE_STEP = `
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
const WANTED = ['resource type fake_host', 'resource type fake_disk', 'archive policy fake-low'];
export class FakeStorageUpgrade {
  flags = [{ name: 'skip-fake-resource-types', help: 'leave the fake resource types alone' }];
  async run({ flags, retry, progress, logger, signal }) {
    const state = process.env.FAKE_UPGRADE_STATE;
    const have = existsSync(state) ? JSON.parse(readFileSync(state, 'utf8')) : [];
    writeFileSync(state + '.options.json', JSON.stringify({ flags: [...flags], retry: String(retry), aborted: signal.aborted, logger: typeof logger.info }));
    const changed = [], unchanged = [];
    for (const item of WANTED) {
      if (flags.has('skip-fake-resource-types') && item.startsWith('resource type')) { unchanged.push(item); progress('skipped ' + item); continue; }
      if (have.includes(item)) { unchanged.push(item); continue; }
      have.push(item); changed.push(item); progress('created ' + item);
    }
    writeFileSync(state, JSON.stringify(have));
    return { changed, unchanged };
  }
}
`;

/** A step named to run first, whose backend is unreachable: a typed error, as the Gnocchi step's. */
const BROKEN_STEP = `
import { CeilometerError } from '@ceilometer-ts/sdk';
class FakeBackendUnreachableError extends CeilometerError {
  code = 'CEILO_ERR_FAKE_UNREACHABLE';
}
export class UnreachableUpgrade {
  async run({ retry, progress }) {
    progress('connecting to http://127.0.0.1:9 (retry ' + retry + ')');
    throw new FakeBackendUnreachableError('cannot reach the fake backend at http://127.0.0.1:9: connection refused');
  }
}
export class NotConstructible {
  constructor() { throw new Error('[fake] section missing: no endpoint'); }
  async run() { return { changed: [], unchanged: [] }; }
}
`;

function installPlugin(dir: string, name: string, entryPoints: Record<string, string>, source: string): void {
  const pkg = join(dir, 'node_modules', name);
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name, version: '1.2.3', type: 'module', ceilometer: { entryPoints: { 'ceilometer.upgrade': entryPoints } } }));
  writeFileSync(join(pkg, 'index.js'), source);
}

describe.skipIf(!launcherBuilt())('ceilometer-upgrade with synthetic upgrade steps', () => {
  let tmp: TempDir;
  let conf: string;
  let fakeDir: string;
  let brokenDir: string;
  let unloadableDir: string;

  function upgrade(args: readonly string[], pluginDirs: readonly string[], state: string) {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'ceilometer-upgrade'), '--config-file', conf, ...args], {
      encoding: 'utf8',
      env: { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', CEILOMETER_PLUGIN_PATH: pluginDirs.join(':'), FAKE_UPGRADE_STATE: state },
      timeout: 60_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n').filter((l) => l !== '') };
  }
  const options = (state: string) => JSON.parse(readFileSync(`${state}.options.json`, 'utf8')) as { flags: string[]; retry: string; aborted: boolean; logger: string };

  beforeAll(() => {
    tmp = tempDir('ceilo-upgrade-cli-');
    conf = tmp.write('ceilometer.conf', '[DEFAULT]\n');
    fakeDir = join(tmp.dir, 'fake');
    installPlugin(fakeDir, 'ceilometer-fake-storage', { fake: './index.js:FakeStorageUpgrade' }, FAKE_STEP);
    brokenDir = join(tmp.dir, 'broken');
    installPlugin(brokenDir, 'ceilometer-unreachable-storage', { '0-unreachable': './index.js:UnreachableUpgrade' }, BROKEN_STEP);
    unloadableDir = join(tmp.dir, 'unloadable');
    installPlugin(unloadableDir, 'ceilometer-unloadable-storage', { unloadable: './index.js:NotConstructible' }, BROKEN_STEP);
  });
  afterAll(() => tmp.cleanup());

  it('runs the step with one progress line per change, then changes nothing on a second run', () => {
    const state = join(tmp.dir, 'idempotent.json');
    // --step: the workspace may hold other steps (the Gnocchi publisher's); this test is about the fake one
    const first = upgrade(['--step', 'fake'], [fakeDir], state);
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.status).toBe(0);
    expect(first.lines).toEqual([
      '1 step: fake (ceilometer-fake-storage@1.2.3)',
      '[fake] created resource type fake_host',
      '[fake] created resource type fake_disk',
      '[fake] created archive policy fake-low',
      expect.stringMatching(/^\[fake\] done in \d+\.\d s: 3 changed, 0 unchanged$/) as unknown,
      'upgrade complete: 3 changed, 0 unchanged',
    ]);

    const second = upgrade(['--step', 'fake'], [fakeDir], state);
    expect(second.status).toBe(0);
    expect(second.lines).toEqual([
      '1 step: fake (ceilometer-fake-storage@1.2.3)',
      expect.stringMatching(/^\[fake\] done in \d+\.\d s: 0 changed, 3 unchanged$/) as unknown,
      'upgrade complete: 0 changed, 3 unchanged (already up to date)',
    ]);
    expect(JSON.parse(readFileSync(state, 'utf8'))).toHaveLength(3);
  });

  it('passes the declared flags and --retry through; without --retry it retries forever, as upstream', () => {
    const state = join(tmp.dir, 'flags.json');
    const r = upgrade(['--step', 'fake', '--skip-fake-resource-types', '--retry', '3'], [fakeDir], state);
    expect(r.status).toBe(0);
    expect(options(state)).toEqual({ flags: ['skip-fake-resource-types'], retry: '3', aborted: false, logger: 'function' });
    expect(r.lines).toContain('[fake] skipped resource type fake_host');
    expect(r.lines).toContain('[fake] created archive policy fake-low');

    // oslo.config's negation of a boolean flag
    expect(upgrade(['--step', 'fake', '--skip-fake-resource-types', '--noskip-fake-resource-types'], [fakeDir], state).status).toBe(0);
    expect(options(state)).toMatchObject({ flags: [], retry: 'Infinity' });
    expect(upgrade(['--step=fake', '--retry=0'], [fakeDir], state).status).toBe(0);
    expect(options(state).retry).toBe('0');
  });

  it('refuses a flag no step declares, an unknown step and a bad --retry, as usage errors (exit 2) without running anything', () => {
    const state = join(tmp.dir, 'unknown.json');
    const unknown = upgrade(['--step', 'fake', '--skip-bogus-things'], [fakeDir], state);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("ceilometer-upgrade: error: unknown option '--skip-bogus-things' (the upgrade steps take --skip-fake-resource-types)");
    expect(existsSync(state)).toBe(false);

    const unknownStep = upgrade(['--step', 'nope'], [fakeDir], state);
    expect(unknownStep.status).toBe(2);
    expect(unknownStep.stderr).toMatch(/ceilometer-upgrade: error: no upgrade step named nope \(installed: (.*, )?fake(, .*)?\)/);

    const valued = upgrade(['--step', 'fake', '--skip-fake-resource-types=yes'], [fakeDir], state);
    expect(valued.status).toBe(2);
    expect(valued.stderr).toContain("option '--skip-fake-resource-types' takes no value");

    const badRetry = upgrade(['--step', 'fake', '--retry', 'forever'], [fakeDir], state);
    expect(badRetry.status).toBe(2);
    expect(badRetry.stderr).toContain("argument 'forever' is invalid");
    expect(existsSync(state)).toBe(false);
  });

  it('stops at a failing step with its typed error, exit 1, and names the steps not run', () => {
    const state = join(tmp.dir, 'failing.json');
    const r = upgrade(['--step', 'fake', '--step', '0-unreachable', '--retry', '2'], [fakeDir, brokenDir], state);
    expect(r.status).toBe(1);
    expect(r.lines).toEqual([
      '2 steps: 0-unreachable (ceilometer-unreachable-storage@1.2.3), fake (ceilometer-fake-storage@1.2.3)',
      '[0-unreachable] connecting to http://127.0.0.1:9 (retry 2)',
      '[0-unreachable] FAILED: cannot reach the fake backend at http://127.0.0.1:9: connection refused [CEILO_ERR_FAKE_UNREACHABLE]',
    ]);
    expect(r.stderr).toContain(
      'ceilometer-upgrade: upgrade step 0-unreachable failed: cannot reach the fake backend at http://127.0.0.1:9: connection refused [CEILO_ERR_FAKE_UNREACHABLE]; not run: fake',
    );
    expect(existsSync(state)).toBe(false);
  });

  it('runs nothing when a step cannot be constructed (a partial upgrade would go unnoticed)', () => {
    const state = join(tmp.dir, 'unloadable.json');
    const r = upgrade([], [fakeDir, unloadableDir], state);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('ceilometer-upgrade: cannot load upgrade step unloadable (ceilometer-unloadable-storage@1.2.3): constructor failed: [fake] section missing: no endpoint [CEILO_ERR_PLUGIN_IMPORT]');
    expect(existsSync(state)).toBe(false);

    // unless --step leaves it out
    const chosen = upgrade(['--step', 'fake'], [fakeDir, unloadableDir], state);
    expect(chosen.status).toBe(0);
    expect(JSON.parse(readFileSync(state, 'utf8'))).toHaveLength(3);
  });

  it('--help lists the installed steps in run order and their flags', () => {
    const r = upgrade(['--help'], [fakeDir, brokenDir], join(tmp.dir, 'help.json'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: ceilometer-upgrade [options] [step flags]');
    expect(r.stdout).toContain('--retry <n>');
    expect(r.stdout).toContain('Upgrade steps (run in this order): 0-unreachable (ceilometer-unreachable-storage@1.2.3), fake (ceilometer-fake-storage@1.2.3)');
    expect(r.stdout).toMatch(/--skip-fake-resource-types\s+leave the fake resource types alone \(fake\)/);
  });
});
