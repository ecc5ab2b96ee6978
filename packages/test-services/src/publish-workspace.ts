import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What {@link publishWorkspace} and {@link publishPackageDir} did. */
export interface PublishResult {
  /** `name@version` of every package published by this call (already published versions are skipped). */
  readonly published: readonly string[];
  readonly seconds: number;
}

/** Options for {@link publishWorkspace}. */
export interface PublishWorkspaceOptions {
  /** Package names to publish (pnpm `--filter` each); default: every public workspace package. */
  readonly packages?: readonly string[];
  /** Kill pnpm after this long (default 300 s). */
  readonly timeoutMs?: number;
}

/** The root of the checkout this package lives in (src/ and dist/ are two levels under it). */
export function workspaceRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

/**
 * The lock every pack or publish of the workspace takes (`flock`): packing writes into the package
 * directories (a tarball, the meta-package's prepack copy of etc/), so two test files publishing at
 * once would see each other's half-written state.
 */
export function workspacePackLock(): string {
  return join(workspaceRoot(), 'node_modules', '.ceilometer-ts-pack.lock');
}

/**
 * Writes an npm userconfig for `registryUrl` into `dir` and returns its path: the registry, a dummy
 * token (npm refuses to publish without one even where anonymous publishing is allowed) and a cache
 * under `dir`. Pass it as `npm --userconfig` or `npm_config_userconfig` so ~/.npmrc is never used.
 */
export async function writeRegistryUserconfig(registryUrl: string, dir: string): Promise<string> {
  const url = new URL(registryUrl);
  const path = join(dir, 'npmrc');
  const lines = [
    `registry=${url.href}`,
    `//${url.host}${url.pathname}:_authToken=ceilometer-ts-dummy-token`,
    `cache=${join(dir, 'npm-cache')}`,
    'audit=false',
    'fund=false',
    'update-notifier=false',
  ];
  await mkdir(dir, { recursive: true });
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, [...args], { cwd, env, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${error.message}\n${stderr}`, { cause: error }));
        return;
      }
      resolvePromise(`${stdout}\n${stderr}`);
    });
  });
}

function publishedLines(output: string): string[] {
  return output
    .split('\n')
    .map((line) => /^\+ (\S+@\S+)$/.exec(line.trim())?.[1])
    .filter((id): id is string => id !== undefined);
}

async function withUserconfig<T>(registryUrl: string, body: (env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ceilo-publish-'));
  try {
    const npmrc = await writeRegistryUserconfig(registryUrl, dir);
    // NOTE: pnpm publish hands the packed tarball to npm, which reads npm_config_userconfig; the
    // workspace's own .npmrc (if any) still applies to pnpm, ~/.npmrc never does.
    return await body({ ...process.env, npm_config_userconfig: npmrc, npm_config_registry: new URL(registryUrl).href });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Publishes the public workspace packages to `registryUrl` with `pnpm -r publish --no-git-checks`
 * (workspace: ranges rewritten to real ones, publishConfig applied, private packages skipped,
 * versions already in the registry skipped) through a private userconfig, under
 * {@link workspacePackLock}. Build first (`pnpm -s build`): `dist/` is what is packed.
 */
export async function publishWorkspace(registryUrl: string, options: PublishWorkspaceOptions = {}): Promise<PublishResult> {
  const t0 = performance.now();
  const filters = (options.packages ?? []).flatMap((name) => ['--filter', name]);
  const output = await withUserconfig(registryUrl, (env) =>
    run('flock', [workspacePackLock(), 'pnpm', ...filters, '-r', 'publish', '--no-git-checks', '--registry', new URL(registryUrl).href], workspaceRoot(), env, options.timeoutMs ?? 300_000),
  );
  return { published: publishedLines(output), seconds: (performance.now() - t0) / 1000 };
}

/**
 * Publishes one package directory outside the workspace (a third-party plugin) with plain
 * `npm publish` (its `prepack` script runs) through a private userconfig.
 */
export async function publishPackageDir(registryUrl: string, dir: string, timeoutMs = 300_000): Promise<PublishResult> {
  const t0 = performance.now();
  const output = await withUserconfig(registryUrl, (env) => run('npm', ['publish', '--registry', new URL(registryUrl).href], dir, env, timeoutMs));
  return { published: publishedLines(output), seconds: (performance.now() - t0) / 1000 };
}
