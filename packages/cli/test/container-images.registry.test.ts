/**
 * The agents' container images (containers/Containerfile) built here with no container registry:
 * the workspace is published to a private Verdaccio, scripts/containers/build-images.sh builds a
 * Debian bookworm base with debootstrap, puts this machine's Node.js 20 on it and installs
 * ceilometer-ts from the registry with buildah. The images are then run with `buildah run` (podman's
 * crun cannot set rlimits in this VM: containers/README.md).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishWorkspace, startVerdaccio, type VerdaccioService } from '@ceilometer-ts/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './polling-helpers.js';
import { haveCommand } from './systemd-unit.js';

const PREFIX = 'localhost/ceilometer-ts-test';
const TAG = `t${process.pid}`;
const tools = ['buildah', 'podman', 'debootstrap'].filter((t) => !haveCommand(t));
const isRoot = process.getuid?.() === 0;
const metaPackage = existsSync(join(ROOT, 'packages/ceilometer-ts/package.json'));
const cliVersion = (JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string }).version;

let containersBefore = new Set<string>();

/** Working containers of images under {@link PREFIX}, as `id image`. */
function workingContainers(): string[] {
  const listed = spawnSync('buildah', ['containers', '--format', '{{.ContainerID}} {{.ImageName}}'], { encoding: 'utf8' }).stdout ?? '';
  return listed.split('\n').filter((line) => line.split(' ')[1]?.startsWith(PREFIX));
}

interface Built {
  readonly polling: string;
  readonly notification: string;
}

/**
 * Runs `argv` in a working container of `image` (its USER), `mounts` as `-v` specs. The command's
 * output goes to files in a mounted host directory: `buildah run --isolation chroot` (1.28) now and
 * then returns a quick command's stdout empty, which made the checks flaky.
 */
function runIn(image: string, argv: readonly string[], mounts: readonly string[] = []): { status: number | null; stdout: string; stderr: string } {
  // buildah 1.28's chroot isolation now and then starts the command without its bind mounts (a
  // config "not found", or no output), sometimes twice in a row: each attempt first checks that
  // every mount is there (exit MOUNT_LOST if not), and a failed attempt is retried in a fresh
  // container, three attempts in all
  let result = runOnce(image, argv, mounts);
  for (let attempt = 2; attempt <= 3 && !(result.status === 0 && result.stdout !== ''); attempt++) result = runOnce(image, argv, mounts);
  if (result.status === MOUNT_LOST) result = { ...result, stderr: `buildah run lost a bind mount in 3 attempts\n${result.stderr}` };
  return result;
}

/** The exit status of an attempt that found a bind mount missing. */
const MOUNT_LOST = 97;

/** A path inside the container that exists only when the mount `spec` (`src:dst[:opts]`) is in place. */
function mountProbe(spec: string): string {
  const [src = '', dst = ''] = spec.split(':');
  const first = statSync(src).isDirectory() ? readdirSync(src).sort()[0] : undefined;
  return first === undefined ? dst : `${dst}/${first}`;
}

function runOnce(image: string, argv: readonly string[], mounts: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const from = spawnSync('buildah', ['from', '--pull=never', image], { encoding: 'utf8' });
  if (from.status !== 0) throw new Error(`buildah from ${image}: ${from.stderr}`);
  const container = from.stdout.trim();
  const out = mkdtempSync(join(tmpdir(), 'ceilo-run-'));
  chmodSync(out, 0o777); // the image's USER writes here
  try {
    const probes = mounts.map(mountProbe).map((p) => `[ -e '${p}' ] || exit ${MOUNT_LOST}; `).join('');
    const script = `${probes}"$@" >/ceilo-run/stdout 2>/ceilo-run/stderr`;
    const result = spawnSync('buildah', ['run', '--isolation', 'chroot', ...mounts.flatMap((m) => ['-v', m]), '-v', `${out}:/ceilo-run`, container, '--', '/bin/sh', '-c', script, 'sh', ...argv], { encoding: 'utf8', timeout: 120_000 });
    const read = (name: string): string => (existsSync(join(out, name)) ? readFileSync(join(out, name), 'utf8') : '');
    return { status: result.status, stdout: read('stdout'), stderr: `${read('stderr')}${result.stderr}` };
  } finally {
    spawnSync('buildah', ['rm', container], { stdio: 'ignore' });
    rmSync(out, { recursive: true, force: true });
  }
}

interface ImageConfig {
  readonly User: string;
  readonly StopSignal: string;
  readonly Entrypoint: string[];
  readonly Cmd: string[];
  readonly Healthcheck?: { readonly Test: string[] };
}

/** The image's Docker config and its history (what `docker history` shows of every layer). */
function inspectImage(image: string): { config: ImageConfig; history: unknown } {
  const result = spawnSync('buildah', ['inspect', '--type', 'image', image], { encoding: 'utf8' });
  const parsed = JSON.parse(result.stdout) as { Docker: { config: ImageConfig }; History: unknown };
  return { config: parsed.Docker.config, history: parsed.History };
}

const skipReason = !isRoot ? 'needs root (debootstrap, buildah --isolation chroot)'
  : tools.length > 0 ? `missing ${tools.join(', ')} (scripts/ensure-debian-packages.sh)`
  : !metaPackage ? 'no packages/ceilometer-ts meta-package in this checkout'
  : undefined;

describe.skipIf(skipReason !== undefined)(`container images built from Debian packages${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let registry: VerdaccioService | undefined;
  let built: Built | undefined;
  let token = '';

  beforeAll(async () => {
    // working containers that exist before this build (another run's on a shared machine) are not ours
    containersBefore = new Set(workingContainers());
    registry = await startVerdaccio();
    token = /_authToken=(\S+)/.exec(readFileSync(registry.npmrc, 'utf8'))?.[1] ?? '';
    await publishWorkspace(registry.url);
    const result = spawnSync('bash', [join(ROOT, 'scripts/containers/build-images.sh'), registry.url, TAG], {
      encoding: 'utf8',
      env: { ...process.env, IMAGE_PREFIX: PREFIX, NPM_USERCONFIG: registry.npmrc },
      timeout: 900_000,
    });
    if (result.status !== 0) throw new Error(`build-images.sh failed (${result.status}):\n${result.stderr}`);
    const env = Object.fromEntries(result.stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    built = { polling: env['IMAGE_POLLING'] ?? '', notification: env['IMAGE_AGENT_NOTIFICATION'] ?? '' };
  }, 900_000);

  afterAll(async () => {
    // the agent images only: the base and Node.js images are the cache of the next run
    if (built) spawnSync('buildah', ['rmi', built.polling, built.notification], { stdio: 'ignore' });
    await registry?.stop();
  });

  it('run the agents as the non-root user ceilometer, stop with SIGTERM, read /etc/ceilometer/ceilometer.conf', () => {
    for (const [image, command] of [[built?.polling, 'ceilometer-polling'], [built?.notification, 'ceilometer-agent-notification']] as const) {
      const { config, history } = inspectImage(image ?? '');
      // the registry token went in as a build secret: no history entry (build args, commands) holds it
      expect(token).not.toBe('');
      expect(JSON.stringify(history)).not.toContain(token);
      expect(config.User).toBe('ceilometer');
      expect(config.StopSignal).toBe('SIGTERM');
      expect(config.Entrypoint).toEqual([`/opt/ceilometer-ts/bin/${command}`]);
      expect(config.Cmd).toEqual(['--config-file=/etc/ceilometer/ceilometer.conf']);
      expect(config.Healthcheck?.Test[0]).toBe('CMD');
      const who = runIn(image ?? '', ['id', '-un']);
      expect(who.stdout.trim(), `${image ?? ''}: ${who.stderr}`).toBe('ceilometer');
    }
  });

  it('hold Node.js 20 and the commands installed from the registry into /opt/ceilometer-ts', () => {
    for (const [image, command] of [[built?.polling, 'ceilometer-polling'], [built?.notification, 'ceilometer-agent-notification']] as const) {
      const version = runIn(image ?? '', [`/opt/ceilometer-ts/bin/${command}`, '--version']);
      expect(version.status, version.stderr).toBe(0);
      expect(version.stdout).toContain(cliVersion);
      expect(runIn(image ?? '', ['node', '--version']).stdout).toMatch(/^v2\d\./);
    }
  });

  it('the polling image polls on the embedded config mounted at /etc/ceilometer', () => {
    const result = runIn(built?.polling ?? '', ['/opt/ceilometer-ts/bin/ceilometer-polling', '--config-file=/etc/ceilometer/ceilometer.conf', '--poll-once'], [
      `${join(ROOT, 'etc/ceilometer/embedded')}:/etc/ceilometer:ro`,
    ]);
    expect(result.status, result.stderr).toBe(0);
    const names = new Set(result.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { name?: string }).name));
    expect(names).toContain('hardware.memory.total');
  });

  it('validate the compute and controller example configs mounted at /etc/ceilometer', () => {
    for (const [image, command, example] of [[built?.polling, 'ceilometer-polling', 'compute'], [built?.notification, 'ceilometer-agent-notification', 'controller']] as const) {
      const result = runIn(image ?? '', [`/opt/ceilometer-ts/bin/${command}`, `--config-file=/etc/ceilometer/${example}/ceilometer.conf`, '--validate-config'], [
        `${join(ROOT, 'etc/ceilometer')}:/etc/ceilometer:ro`,
      ]);
      expect(result.status, `${command}: ${result.stdout}${result.stderr}`).toBe(0);
    }
  });

  it('leave no working container of theirs behind (buildah 1.28 did for an empty build stage)', () => {
    expect(workingContainers().filter((c) => !containersBefore.has(c))).toEqual([]);
  });

  it('the polling image has virsh for the compute pollsters', () => {
    expect(runIn(built?.polling ?? '', ['virsh', '--version']).status).toBe(0);
  });
});
