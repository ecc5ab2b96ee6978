/**
 * One long-lived read-only `virsh -c URI` holding one libvirt connection and taking commands on
 * its stdin (interactive mode). A call's commands are sent back to back with ONE `echo` of a marker
 * after the last, so the session knows where the call's output ends; virsh echoes each command line
 * after its prompt (`virsh > dommemstat ...`), which splits that output per command. virsh reads
 * its stdin one byte per system call, so a marker per command (21 bytes, 1,750 commands a cycle on
 * 500 test-driver domains) cost about a fifth of its CPU. A virsh that does not echo its commands
 * is detected on the first call, which is sent again with a marker after every command, as every
 * later call is. stderr is merged into stdout by the shell that starts virsh, so an `error:` line
 * lands in the segment of the command that printed it (virsh exits 0 after a failed command of a
 * batch, so its output is the only error signal).
 *
 * Every call is bounded by `callTimeoutMs`. A call that times out, a virsh that exits, or a lost
 * connection (`Disconnected from ...`, `failed to connect to the hypervisor`) ends the process; the
 * next call starts a new one after a backoff (1 s doubling to `backoffMaxMs`); calls inside the
 * backoff are refused at once, so a dead libvirtd never makes callers wait. The outage is logged
 * once at warning, the recovery once at info.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ComputeInspectorError, type Logger } from '@ceilometer-ts/sdk';
import { splitVirshBatch, splitVirshSegment, type VirshCommandResult } from './virsh-output.js';

/** libvirt could not be reached or did not answer in time (the whole call failed). */
export class LibvirtUnavailableError extends ComputeInspectorError {
  override readonly code = 'CEILO_ERR_LIBVIRT_UNAVAILABLE' as const;
}

export interface VirshSessionOptions {
  readonly uri: string;
  readonly virshPath: string;
  readonly callTimeoutMs: number;
  readonly backoffMaxMs: number;
  readonly logger: Logger;
  /** Start of the backoff (ms), 1000 unless a test shortens it. */
  readonly backoffMinMs?: number;
  /** Clock for the backoff (tests). */
  readonly now?: () => number;
}

interface PendingCall {
  readonly commands: readonly string[];
  readonly resolve: (results: VirshCommandResult[]) => void;
  readonly reject: (error: Error) => void;
}

interface RunningCall extends PendingCall {
  readonly firstSeq: number;
  /** One marker after the last command (split at the prompt echoes), or one after each. */
  readonly markEach: boolean;
  readonly results: VirshCommandResult[];
  readonly timer: NodeJS.Timeout;
}

/** Error lines that mean the connection itself is gone (not one command's failure). */
const CONNECTION_LOST = /failed to connect to the hypervisor|no valid connection|Disconnected from|End of file while reading data|Cannot recv data|Cannot write data|client socket is closed|Failed to connect socket|Broken pipe|Connection reset by peer|not connected to the hypervisor/i;

/** Counters a caller (or a benchmark) can read. */
export interface VirshSessionStats {
  /** Calls answered. */
  calls: number;
  /** Commands sent. */
  commands: number;
  /** End-of-output markers sent (one per call; one per command when virsh does not echo). */
  markers: number;
  /** virsh processes started. */
  spawns: number;
  /** Calls that failed as a whole (timeout, exit, lost connection, refused in backoff). */
  failures: number;
}

export class VirshSession {
  readonly stats: VirshSessionStats = { calls: 0, commands: 0, markers: 0, spawns: 0, failures: 0 };
  readonly #options: VirshSessionOptions;
  readonly #now: () => number;
  readonly #queue: PendingCall[] = [];
  #child: ChildProcessWithoutNullStreams | undefined;
  #buffer = '';
  /**
   * The end of the buffer already searched for the current call's marker (shorter than a marker),
   * so each chunk is searched once and the buffer, a rope of chunks, is flattened only once the
   * marker is found (a 500-domain dumpxml batch is 2.5 MB in 40 chunks).
   */
  #tail = '';
  /** Set when this virsh does not echo its commands: a marker after every command. */
  #markEach = false;
  #current: RunningCall | undefined;
  #seq = 0;
  #consecutiveFailures = 0;
  #retryAt = 0;
  #lastFailure = '';
  #outageSince: number | undefined;
  #closed = false;

  constructor(options: VirshSessionOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** The libvirt URI this session connects to. */
  get uri(): string {
    return this.#options.uri;
  }

  /** PID of the running virsh, if any (tests kill it). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /**
   * Runs the commands in order through one virsh round trip and returns one result per command.
   * Rejects with {@link LibvirtUnavailableError} when the whole call failed.
   */
  run(commands: readonly string[]): Promise<VirshCommandResult[]> {
    if (this.#closed) return Promise.reject(new LibvirtUnavailableError('the libvirt inspector is closed'));
    if (commands.length === 0) return Promise.resolve([]);
    if (!this.#child && this.#now() < this.#retryAt) {
      this.stats.failures += 1;
      const wait = ((this.#retryAt - this.#now()) / 1000).toFixed(1);
      return Promise.reject(new LibvirtUnavailableError(`libvirt at ${this.#options.uri} is unreachable (${this.#lastFailure}); next attempt in ${wait} s`));
    }
    return new Promise<VirshCommandResult[]>((resolve, reject) => {
      this.#queue.push({ commands, resolve, reject });
      this.#pump();
    });
  }

  /** Ends virsh (quit, then KILL after 1 s) and refuses further calls. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#failAll(new LibvirtUnavailableError('the libvirt inspector is closed'), false);
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 1000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.stdin.end('quit\n');
    });
  }

  #pump(): void {
    if (this.#current || this.#queue.length === 0) return;
    const call = this.#queue.shift()!;
    let child: ChildProcessWithoutNullStreams;
    try {
      child = this.#child ?? this.#start();
    } catch (err) {
      this.#fail(`cannot start ${this.#options.virshPath}: ${(err as Error).message}`, call);
      return;
    }
    const firstSeq = this.#seq;
    this.#seq += call.commands.length;
    const timer = setTimeout(() => this.#onTimeout(), this.#options.callTimeoutMs);
    const markEach = this.#markEach;
    this.#current = { ...call, firstSeq, markEach, results: [], timer };
    this.#tail = '';
    let text = '';
    const last = call.commands.length - 1;
    call.commands.forEach((command, i) => {
      // The marker is quoted so the echoed command line does not contain it; only echo's output does.
      text += markEach || i === last ? `${command}\necho @@CEILO"":${firstSeq + i}@@\n` : `${command}\n`;
    });
    this.stats.commands += call.commands.length;
    this.stats.markers += markEach ? call.commands.length : 1;
    child.stdin.write(text);
  }

  #start(): ChildProcessWithoutNullStreams {
    // The shell merges virsh's stderr into its stdout, so error lines keep their place in the stream.
    const child = spawn('/bin/sh', ['-c', 'exec "$0" "$@" 2>&1', this.#options.virshPath, '-q', '-r', '-c', this.#options.uri], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    this.stats.spawns += 1;
    this.#child = child;
    this.#buffer = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (this.#child !== child) return;
      this.#append(chunk);
    });
    child.stderr.on('data', (chunk: string) => {
      if (this.#child === child) this.#append(chunk);
    });
    child.stdin.on('error', () => {
      // EPIPE when virsh died: the 'exit' handler reports it.
    });
    child.on('error', (err) => {
      if (this.#child !== child) return;
      this.#child = undefined;
      this.#failCurrent(`${this.#options.virshPath}: ${err.message}`);
    });
    child.on('exit', (code, signal) => {
      if (this.#child !== child) return;
      this.#child = undefined;
      if (!this.#current) {
        // Idle virsh gone (killed, OOM): the next call starts another at once.
        this.#options.logger.debug({ uri: this.#options.uri, code, signal }, 'idle virsh exited');
        return;
      }
      const last = this.#buffer.trim().split('\n').filter((l) => l.startsWith('error:')).slice(-2).join(' ');
      this.#failCurrent(`virsh exited (${signal ?? `code ${String(code)}`})${last ? `: ${last}` : ''}`);
    });
    // An idle virsh must not keep the agent alive; a call in flight holds its own timer.
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr] as const) (stream as unknown as { unref?: () => void }).unref?.();
    return child;
  }

  #append(chunk: string): void {
    this.#buffer += chunk;
    const call = this.#current;
    if (!call) return;
    if (call.markEach) this.#drainEach(call);
    else this.#drainBatch(call, chunk);
  }

  /** One marker after the last command: waits for it, then splits the output at the prompt echoes. */
  #drainBatch(call: RunningCall, chunk: string): void {
    const marker = `@@CEILO:${call.firstSeq + call.commands.length - 1}@@`;
    // a marker may straddle two chunks: the end of the previous one is searched again
    const probe = this.#tail + chunk;
    const hit = probe.indexOf(marker);
    if (hit < 0) {
      this.#tail = probe.slice(-(marker.length - 1));
      return;
    }
    const at = this.#buffer.length - probe.length + hit;
    const text = this.#buffer.slice(0, at);
    this.#buffer = this.#buffer.slice(at + marker.length);
    const results = splitVirshBatch(call.commands, text);
    if (!results) {
      // This virsh does not echo its commands: this call again, and every later one, marked per command.
      this.#options.logger.debug({ uri: this.#options.uri }, 'virsh does not echo its commands: one marker per command');
      this.#markEach = true;
      clearTimeout(call.timer);
      this.#current = undefined;
      this.#queue.unshift({ commands: call.commands, resolve: call.resolve, reject: call.reject });
      this.#pump();
      return;
    }
    for (const result of results) {
      const lost = result.errors.find((e) => CONNECTION_LOST.test(e));
      if (lost) {
        this.#kill();
        this.#failCurrent(lost);
        return;
      }
    }
    call.results.push(...results);
    this.#finish(call);
  }

  /** A marker after every command: each result as its marker arrives. */
  #drainEach(call: RunningCall): void {
    while (call.results.length < call.commands.length) {
      const index = call.results.length;
      const marker = `@@CEILO:${call.firstSeq + index}@@`;
      const at = this.#buffer.indexOf(marker);
      if (at < 0) return;
      const segment = this.#buffer.slice(0, at);
      this.#buffer = this.#buffer.slice(at + marker.length);
      const result = splitVirshSegment(call.commands[index]!, segment);
      const lost = result.errors.find((e) => CONNECTION_LOST.test(e));
      if (lost) {
        this.#kill();
        this.#failCurrent(lost);
        return;
      }
      call.results.push(result);
    }
    this.#finish(call);
  }

  #finish(call: RunningCall): void {
    clearTimeout(call.timer);
    this.#current = undefined;
    this.stats.calls += 1;
    this.#succeeded();
    call.resolve(call.results);
    this.#pump();
  }

  #onTimeout(): void {
    const call = this.#current;
    if (!call) return;
    const seconds = (this.#options.callTimeoutMs / 1000).toFixed(1);
    this.#kill();
    this.#failCurrent(`no answer from virsh within ${seconds} s (${call.commands[call.results.length] ?? call.commands[0]!})`);
  }

  #kill(): void {
    const child = this.#child;
    this.#child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  #failCurrent(reason: string): void {
    const call = this.#current;
    this.#current = undefined;
    if (call) clearTimeout(call.timer);
    this.#fail(reason, call);
  }

  /** Records a failure, rejects the failed call and every queued one (they would only wait for the backoff). */
  #fail(reason: string, call: PendingCall | undefined): void {
    this.#consecutiveFailures += 1;
    const min = this.#options.backoffMinMs ?? 1000;
    const delay = Math.min(min * 2 ** (this.#consecutiveFailures - 1), this.#options.backoffMaxMs);
    this.#retryAt = this.#now() + delay;
    this.#lastFailure = reason;
    const log = this.#options.logger;
    if (this.#outageSince === undefined) {
      this.#outageSince = this.#now();
      log.warn({ uri: this.#options.uri, reason }, 'libvirt unreachable: compute meters are not polled until it answers again (retrying with backoff)');
    } else {
      log.debug({ uri: this.#options.uri, reason, retryInMs: delay }, 'libvirt still unreachable');
    }
    const error = new LibvirtUnavailableError(`libvirt at ${this.#options.uri}: ${reason}`);
    if (call) {
      this.stats.failures += 1;
      call.reject(error);
    }
    this.#failAll(error, true);
  }

  #failAll(error: Error, count: boolean): void {
    const queued = this.#queue.splice(0);
    const current = this.#current;
    this.#current = undefined;
    if (current) {
      clearTimeout(current.timer);
      queued.unshift(current);
    }
    for (const call of queued) {
      if (count) this.stats.failures += 1;
      call.reject(error);
    }
  }

  #succeeded(): void {
    this.#consecutiveFailures = 0;
    this.#retryAt = 0;
    if (this.#outageSince !== undefined) {
      const seconds = ((this.#now() - this.#outageSince) / 1000).toFixed(1);
      this.#outageSince = undefined;
      this.#options.logger.info({ uri: this.#options.uri, outageSeconds: Number(seconds) }, `libvirt reachable again after ${seconds} s`);
    }
  }
}
