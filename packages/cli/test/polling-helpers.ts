/**
 * Helpers of the `ceilometer-polling` end-to-end tests: run the built launcher as a child process,
 * lay out the synthetic pollster fixture as an operator plugin directory, write config files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const ROOT = resolve(HERE, '../../..');
/** The built launcher the tests spawn (`pnpm build` first). */
export const LAUNCHER = join(ROOT, 'bin/ceilometer-polling');
/** This suite's fixtures. */
export const FIXTURES = join(HERE, 'fixtures/polling');

/** True when the cli has been built (the launcher imports `dist/`). */
export function launcherBuilt(): boolean {
  return existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-polling.js'));
}

/** A temporary directory removed by `cleanup()`. */
export interface TempDir {
  readonly dir: string;
  /** Writes `name` (relative) with `text`, returns its absolute path. */
  write(name: string, text: string): string;
  cleanup(): void;
}

/** Creates a temporary directory. */
export function tempDir(prefix = 'ceilo-polling-e2e-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(name, text) {
      const file = join(dir, name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Installs the synthetic pollster fixture into `<dir>/plugins/node_modules`, the layout of
 * `npm install --prefix DIR pkg`; returns the directory for `CEILOMETER_PLUGIN_PATH`.
 */
export function installSyntheticPlugin(dir: string): string {
  const pluginDir = join(dir, 'plugins');
  cpSync(join(FIXTURES, 'synthetic-pollster'), join(pluginDir, 'node_modules/ceilo-test-synthetic-pollster'), { recursive: true });
  return pluginDir;
}

/** A polling.yaml with one source of synthetic meters. */
export function syntheticPollingYaml(interval: number, meters: readonly string[] = ['synthetic.counter']): string {
  return ['---', 'sources:', '  - name: synthetic_source', `    interval: ${interval}`, '    meters:', ...meters.map((m) => `      - "${m}"`), ''].join('\n');
}

/** The output of a finished run. */
export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of a run. */
export interface RunOptions {
  /** Another built launcher to run (default: `bin/ceilometer-polling`). */
  readonly launcher?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  // NOTE: no on-disk scan cache: each run scans afresh, so tests never share state through ~/.cache
  return { ...process.env, CEILOMETER_PLUGIN_CACHE: '0', NO_COLOR: '1', ...extra };
}

/** Runs `ceilometer-polling ARGS` to completion. */
export function runPolling(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const agent = startPolling(args, options);
  return agent.exited;
}

/** A running agent. */
export interface RunningAgent {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stderr/stdout text matching `pattern` (rejects after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number, from?: 'stderr' | 'stdout'): Promise<RegExpMatchArray>;
  /** Number of stderr lines matching `pattern`. */
  count(pattern: RegExp): number;
  readonly exited: Promise<RunResult>;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<RunResult>;
}

/** Starts `ceilometer-polling ARGS` in the background. */
export function startPolling(args: readonly string[], options: RunOptions = {}): RunningAgent {
  const child = spawn(process.execPath, [options.launcher ?? LAUNCHER, ...args], { cwd: options.cwd ?? ROOT, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const poke = (): void => {
    for (const w of [...waiters]) w();
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    poke();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    poke();
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  let done = false;
  const exited = new Promise<RunResult>((resolvePromise) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done = true;
      poke();
      resolvePromise({ code, signal, stdout: out, stderr: err });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    count: (pattern) => err.split('\n').filter((l) => pattern.test(l)).length,
    waitFor(pattern, waitMs = 30_000, from = 'stderr') {
      return new Promise((resolveWait, reject) => {
        const check = (): void => {
          const match = (from === 'stderr' ? err : out).match(pattern);
          if (match) {
            finish();
            resolveWait(match);
          } else if (done) {
            finish();
            reject(new Error(`agent exited before ${pattern} appeared on ${from}:\n${err.slice(-3000)}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out waiting for ${pattern} on ${from}:\n${err.slice(-3000)}`));
        }, waitMs);
        const finish = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (!done) child.kill(signal);
      return exited;
    },
  };
}

/** Parses the JSON lines of a log or of `--poll-once` output, skipping anything else. */
export function jsonLines(text: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      rows.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a line cut by the end of the output
    }
  }
  return rows;
}

/**
 * Lines of `text` that say Node.js died of an uncaught exception or unhandled rejection: its fatal
 * report ends with a `Node.js v20.x.y` line (the lines above it vary: a source excerpt or
 * `triggerUncaughtException`).
 */
export function crashLines(text: string): string[] {
  return text.split('\n').filter((l) => /^Node\.js v\d+\.|triggerUncaughtException|UnhandledPromiseRejection/.test(l));
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
