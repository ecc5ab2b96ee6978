/**
 * Runs ipmitool: `[...command_prefix, ipmitool_path, ...target arguments, ...command]` with
 * `child_process.spawn` (never a shell), killed after `command_timeout`, at most `max_parallel`
 * at once for the whole agent (one runner is shared through the plugin context's services).
 * Passwords of remote BMCs go through `-f FILE` or `-E` with `IPMI_PASSWORD` set in the child's
 * environment only: never on a command line, in a log line or in an error.
 */
import { spawn } from 'node:child_process';
import { Limiter, type Logger, type PluginContext } from '@ceilometer-ts/sdk';
import { IpmiCommandError } from './ipmi-command-error.js';
import { ipmiConfig, type IpmiSettings } from './options.js';
import { targetArgs, type IpmiTarget } from './target.js';

export { IpmiCommandError } from './ipmi-command-error.js';
export type { IpmiSettings } from './options.js';
export type { IpmiTarget, RemoteBmc } from './target.js';

/** The services key of the agent's ipmitool runner (one `max_parallel` bound for every IPMI plugin). */
export const IPMI_TOOL_SERVICE = 'ipmi.ipmitool';

/** After SIGTERM, how long a timed-out child (or the sudo in front of it) gets before SIGKILL. */
const KILL_GRACE_MS = 1000;

/** ipmitool's last non-empty stderr line: its reason (the lines before are progress and VSO probing). */
function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

/** The child's environment: the agent's, without a stray IPMI_PASSWORD, plus the target's when it uses `-E`. */
function childEnv(target: IpmiTarget): NodeJS.ProcessEnv | Error {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['IPMI_PASSWORD'];
  delete env['IPMITOOL_PASSWORD'];
  const name = target.remote?.passwordFile === undefined ? target.remote?.passwordEnv : undefined;
  if (name !== undefined) {
    const value = process.env[name];
    if (value === undefined) return new Error(`environment variable ${name} (password_env of ${target.node}) is not set`);
    env['IPMI_PASSWORD'] = value;
  }
  return env;
}

/** Runs ipmitool without a shell. */
export class IpmiTool {
  readonly #limiter: Limiter;

  constructor(
    readonly settings: IpmiSettings,
    private readonly logger: Logger,
  ) {
    this.#limiter = new Limiter(settings.maxParallel);
  }

  /** ipmitool processes running now / at most at once so far (tests, metrics). */
  get running(): number {
    return this.#limiter.active;
  }

  get peak(): number {
    return this.#limiter.peak;
  }

  /** The command line for `args` on `target` (what is run and logged; holds no password). */
  commandLine(target: IpmiTarget, args: readonly string[]): string[] {
    return [...this.settings.commandPrefix, this.settings.ipmitoolPath, ...targetArgs(target), ...args];
  }

  /** Resolves ipmitool's stdout; rejects with IpmiCommandError. */
  run(target: IpmiTarget, args: readonly string[], signal?: AbortSignal): Promise<string> {
    return this.#limiter.run(() => this.#spawn(target, args, signal));
  }

  #spawn(target: IpmiTarget, args: readonly string[], signal?: AbortSignal): Promise<string> {
    const command = this.commandLine(target, args);
    const fail = (exitCode: number | null, stderr: string, timedOut: boolean): IpmiCommandError =>
      new IpmiCommandError(target.node, args, exitCode, stderr, timedOut, command);
    const env = childEnv(target);
    if (env instanceof Error) return Promise.reject(fail(null, env.message, false));
    const started = Date.now();
    return new Promise<string>((resolve, reject) => {
      const [file, ...argv] = command as [string, ...string[]];
      const child = spawn(file, argv, { env, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      let timedOut = false;
      let killer: NodeJS.Timeout | undefined;
      const kill = (): void => {
        child.kill('SIGTERM');
        killer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      };
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, this.settings.commandTimeoutMs);
      const onAbort = (): void => kill();
      signal?.addEventListener('abort', onAbort, { once: true });
      let settled = false;
      const settle = (): boolean => {
        clearTimeout(timer);
        clearTimeout(killer);
        signal?.removeEventListener('abort', onAbort);
        const first = !settled;
        settled = true;
        return first;
      };
      // a command that cannot start (ENOENT, EACCES) may not emit 'close' on every Node version
      child.once('error', (error) => {
        if (settle()) reject(fail(null, `could not run ${file}: ${error.message}`, false));
      });
      child.once('close', (code) => {
        if (!settle()) return;
        const stderr = Buffer.concat(err).toString('utf8');
        const ms = Date.now() - started;
        this.logger.debug({ node: target.node, command: command.join(' '), ms, code }, `${command.join(' ')} (${target.node}): ${timedOut ? 'timed out' : `exit ${String(code)}`} in ${ms} ms`);
        if (timedOut) reject(fail(null, `killed after ${this.settings.commandTimeoutMs / 1000} s`, true));
        else if (code !== 0) reject(fail(code, lastLine(stderr), false));
        else resolve(Buffer.concat(out).toString('utf8'));
      });
    });
  }
}

/** The agent's shared runner (made on first use from `[ipmi]`). */
export function ipmiToolOf(ctx: PluginContext): IpmiTool {
  return ctx.services.getOrCreate(IPMI_TOOL_SERVICE, () => new IpmiTool(ipmiConfig(ctx.config), ctx.logger));
}
