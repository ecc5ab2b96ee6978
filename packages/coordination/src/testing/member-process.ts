import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** What the member process builds and joins. */
export interface MemberProcessSpec {
  /** Absolute path of the module exporting the driver class (a `.ts` source is fine: the child runs tsx). */
  readonly module: string;
  readonly exportName: string;
  readonly url: string;
  readonly memberId: string;
  readonly membershipTimeoutMs: number;
  readonly groups: readonly string[];
}

/** A spawned member; `kill('SIGKILL')` is a crash, `kill('SIGTERM')` a clean stop. */
export interface MemberProcess {
  readonly memberId: string;
  readonly child: ChildProcess;
  /** Resolves once the member joined its groups; rejects if the process ended first. */
  readonly ready: Promise<void>;
  /** Resolves with the exit code (or signal name) when the process ended. */
  readonly exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Runs a coordination member in a child node process (tsx loads TypeScript sources, resolved through
 * the workspace's `@ceilometer-ts/source` condition), so that tests can SIGKILL a member as a crash
 * or a lost host would end it.
 */
export function spawnMemberProcess(spec: MemberProcessSpec): MemberProcess {
  const here = dirname(fileURLToPath(import.meta.url));
  const main = join(here, here.endsWith(join('src', 'testing')) ? 'member-process-main.ts' : 'member-process-main.js');
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const child = spawn(process.execPath, ['--conditions=@ceilometer-ts/source', '--import', tsx, main], {
    env: { ...process.env, CEILO_MEMBER_SPEC: JSON.stringify(spec) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? code ?? 0));
  });
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) resolve();
    });
    exited.then(
      (status) => reject(new Error(`member process ${spec.memberId} ended (${status}) before it was ready:\n${stderr}`)),
      reject,
    );
  });
  // NOTE: a test that never awaits `ready` must not get an unhandled rejection when the child dies
  ready.catch(() => {});
  return { memberId: spec.memberId, child, ready, exited, kill: (signal) => child.kill(signal) };
}
