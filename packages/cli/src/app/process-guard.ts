/**
 * Process-level guards every command installs first (before the config and plugins load).
 *
 * - `unhandledRejection`: a promise rejected with nobody listening, most often from a plugin. Logged
 *   once with its stack and context (program, phase), counted, and the agent keeps running: the
 *   rejection happened in a task that is already over, and the rest of the process is consistent.
 *   Node's default (`--unhandled-rejections=throw`) would kill a whole agent for one bad pollster.
 * - `uncaughtException`: a synchronous throw that unwound the stack up to the event loop. Node's docs
 *   say the process is in an undefined state after one (half-run handlers, locks or counters left
 *   mid-update), so it is logged with the same context, counted, and the process exits 1 at once for
 *   its supervisor to restart it; attempting a graceful stop could hang on that very state.
 */
import { inspect } from 'node:util';
import { createRootLogger } from '@ceilometer-ts/core';
import type { Logger } from '@ceilometer-ts/sdk';

/** What a command is doing, for the log line of an unhandled rejection. */
export type ProcessPhase = 'startup' | 'running' | 'reloading' | 'stopping';

/** Where the guard listens (the process; an EventEmitter in tests). */
export interface ProcessEvents {
  on(event: 'unhandledRejection', listener: (reason: unknown, promise: Promise<unknown>) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown, promise: Promise<unknown>) => void): unknown;
  off(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
}

/** Options of {@link ProcessGuard}. */
export interface ProcessGuardOptions {
  /** Logger until the command's own is ready (default: a root logger named after the program). */
  readonly logger?: Logger;
  /** Called after an uncaught exception was logged (default: `process.exit`). */
  readonly exit?: (code: number) => void;
}

/** A reason as an Error, so the log line always carries a stack (pino's `err` serializer). */
function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(`non-Error rejection reason: ${inspect(reason, { depth: 3 })}`);
}

/** Logs, counts and contains unhandled rejections and uncaught exceptions of one process. */
export class ProcessGuard {
  readonly prog: string;
  phase: ProcessPhase = 'startup';
  #logger: Logger | undefined;
  readonly #exit: (code: number) => void;
  #unhandledRejections = 0;
  #uncaughtExceptions = 0;
  #target: ProcessEvents | undefined;
  readonly #onRejection = (reason: unknown): void => this.handleRejection(reason);
  readonly #onException = (error: Error, origin: string): void => this.handleException(error, origin);

  constructor(prog: string, options: ProcessGuardOptions = {}) {
    this.prog = prog;
    this.#logger = options.logger;
    this.#exit = options.exit ?? ((code) => process.exit(code));
  }

  /** Unhandled rejections since start: the agents' `unhandled_rejections` metric. */
  get unhandledRejections(): number {
    return this.#unhandledRejections;
  }

  get uncaughtExceptions(): number {
    return this.#uncaughtExceptions;
  }

  /** Logs through the command's logger from now on (level, format and redaction as configured). */
  useLogger(logger: Logger): void {
    this.#logger = logger;
  }

  /** Listens on `target` (the process by default); idempotent. */
  install(target: ProcessEvents = process): this {
    if (this.#target) return this;
    this.#target = target;
    target.on('unhandledRejection', this.#onRejection);
    target.on('uncaughtException', this.#onException);
    return this;
  }

  uninstall(): void {
    this.#target?.off('unhandledRejection', this.#onRejection);
    this.#target?.off('uncaughtException', this.#onException);
    this.#target = undefined;
  }

  /** One unhandled rejection: log it with its context, count it, keep running. */
  handleRejection(reason: unknown): void {
    this.#unhandledRejections += 1;
    this.#log().error(
      { err: asError(reason), prog: this.prog, phase: this.phase, unhandledRejections: this.#unhandledRejections },
      'unhandled promise rejection (a bug, most likely in a plugin); the agent keeps running',
    );
  }

  /** One uncaught exception: log it with its context, count it, exit 1 (the process state is undefined). */
  handleException(error: Error, origin: string): void {
    this.#uncaughtExceptions += 1;
    try {
      this.#log().fatal({ err: asError(error), origin, prog: this.prog, phase: this.phase }, 'uncaught exception; exiting, the process state is undefined');
    } finally {
      this.#exit(1);
    }
  }

  #log(): Logger {
    this.#logger ??= createRootLogger({ name: this.prog });
    return this.#logger;
  }
}

// The process has one guard, installed by its launcher; commands run in-process by tests have none.
let installed: ProcessGuard | undefined;

/** Creates the guard of a command and installs it on the process: the first thing a launcher does. */
export function installProcessGuard(prog: string): ProcessGuard {
  installed ??= new ProcessGuard(prog).install();
  return installed;
}

/** The guard installed by the launcher, if any (bootstrap hands it the logger, agents read its counts). */
export function installedProcessGuard(): ProcessGuard | undefined {
  return installed;
}
