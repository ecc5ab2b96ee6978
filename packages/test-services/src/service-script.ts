import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Options for {@link runServiceScript}. */
export interface RunServiceScriptOptions {
  /** Extra arguments after the data dir (e.g. `stop` for restart-rabbitmq.sh). */
  readonly args?: readonly string[];
  /** Kill the script after this long (default 150 s: service readiness waits are 120 s). */
  readonly timeoutMs?: number;
}

/**
 * The folder holding the project's service scripts: `$CEILO_SERVICE_SCRIPTS` when set, otherwise
 * `scripts/services` at the root of the checkout this package lives in.
 */
export function serviceScriptsDir(): string {
  const fromEnv = process.env['CEILO_SERVICE_SCRIPTS'];
  if (fromEnv) return resolve(fromEnv);
  // src/ and dist/ are both two levels under packages/test-services
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '..', '..', '..', 'scripts', 'services');
}

/** Parses `KEY=VALUE` lines (other lines ignored). */
export function parseKeyValueLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

function scriptPath(name: string): string {
  const file = name.endsWith('.sh') ? name : `${name}.sh`;
  const path = join(serviceScriptsDir(), file);
  if (!existsSync(path)) throw new Error(`service script not found: ${path}`);
  return path;
}

/**
 * Runs `scripts/services/<name>.sh DATA_DIR [args...]` with `env` added to the environment and
 * returns the `KEY=VALUE` lines it printed. This is how every backing service (RabbitMQ now;
 * Redis, snmpd, Gnocchi later) plugs into the tests: a start script prints its URLs, writes
 * DATA_DIR/stop.list, and `stop-service.sh DATA_DIR` stops it.
 */
export function runServiceScript(
  name: string,
  dataDir: string,
  env: Readonly<Record<string, string>> = {},
  options: RunServiceScriptOptions = {},
): Promise<Record<string, string>> {
  const path = scriptPath(name);
  return new Promise((resolvePromise, reject) => {
    execFile(
      '/bin/bash',
      [path, dataDir, ...(options.args ?? [])],
      { env: { ...process.env, ...env }, timeout: options.timeoutMs ?? 150_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${name} ${dataDir} failed: ${error.message}\n${stderr}`, { cause: error }));
          return;
        }
        resolvePromise(parseKeyValueLines(stdout));
      },
    );
  });
}

/** Synchronous `stop-service.sh DATA_DIR [--rm]`, for `process.on('exit')` clean-ups. */
export function stopServiceSync(dataDir: string, remove = true): void {
  spawnSync('/bin/bash', [scriptPath('stop-service'), dataDir, ...(remove ? ['--rm'] : [])], { stdio: 'ignore', timeout: 60_000 });
}

/** Data dirs of the services this process started and has not stopped yet. */
const startedHere = new Set<string>();
let exitHookInstalled = false;

/**
 * Registers a service this process started: if the process exits before `forgetAtExit` (a test
 * that forgets stop(), a crashed worker), it is stopped then (`stop-service.sh DATA_DIR --rm`,
 * which also continues paused processes), so no test leaves a server behind.
 */
export function stopAtExit(dataDir: string): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const dir of startedHere) stopServiceSync(dir);
    });
  }
  startedHere.add(dataDir);
}

/** Unregisters a service being stopped; false when it was not registered (stopped already). */
export function forgetAtExit(dataDir: string): boolean {
  return startedHere.delete(dataDir);
}

/** `stop-service.sh DATA_DIR [--rm]`: stops exactly the PIDs its start script recorded. */
export async function stopService(dataDir: string, remove = true): Promise<void> {
  await runServiceScript('stop-service', dataDir, {}, { args: remove ? ['--rm'] : [] });
}
