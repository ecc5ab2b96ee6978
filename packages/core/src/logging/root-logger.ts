import pino, { type Logger as PinoLogger, type LoggerOptions } from 'pino';
import { effectiveLevel, parseLogLevels, type LogLevelTable, type PinoLevel } from './levels.js';
import { loggerNameOf } from './logger-name.js';
import { LogRouter, type ConsoleFormat, type LogRouterContext } from './log-router.js';
import { DEFAULT_LOGGING_SETTINGS, type LoggingSettings } from './logging-settings.js';
import { redactSecrets, redactValue } from './redact-secrets.js';

/** Options of {@link createRootLogger}. */
export interface RootLoggerOptions {
  /** `--debug` / `[DEFAULT] debug`: log at debug level instead of info. */
  readonly debug?: boolean;
  /** Legacy switch: true shows one line per record (`terminal`), false pino's JSON lines (`pino`). */
  readonly pretty?: boolean;
  /** How the console shows records when `use_json` is off; default: `terminal` on a TTY, oslo text otherwise. */
  readonly consoleFormat?: ConsoleFormat;
  /** Console: a stream or a file descriptor; default: stderr (fd 2). */
  readonly destination?: NodeJS.WritableStream | number;
  /** The program (`ceilometer-polling`): pino's `name` field, the root logger name, the log file name under `log_dir`. */
  readonly name?: string;
  /** oslo.log's options; without them: the console only, at info (or debug). */
  readonly logging?: LoggingSettings;
  /** Where each logging option was set, for errors. */
  readonly locate?: LogRouterContext['locate'];
}

/** The process-wide logger: a pino logger, assignable to the sdk's `Logger`. */
export type RootLogger = PinoLogger;

interface RootState {
  readonly router: LogRouter;
  readonly prog: string | undefined;
  table: LogLevelTable;
  rootLevel: PinoLevel;
  console: NodeJS.WritableStream | number;
  consoleFormat: ConsoleFormat | undefined;
}

const states = new WeakMap<object, RootState>();


/**
 * Creates the one root logger of a process. Secrets never reach the output: values under
 * secret-looking keys (password, secret, telemetry_secret, tokens, `X-Auth-Token`) are redacted at
 * any depth, URL passwords are masked in every string, including error messages and stacks and the
 * message itself. Children made with `logger.child({ pkg, ns, ep })` inherit all of it, and get the
 * level `default_log_levels` gives their name ({@link loggerNameOf}).
 *
 * Records go where oslo.log's options say ({@link configureLogging}), laid out as oslo does (text
 * or JSON); on a terminal one line per record.
 */
export function createRootLogger(options: RootLoggerOptions = {}): RootLogger {
  const consoleFormat = options.consoleFormat ?? (options.pretty === undefined ? undefined : options.pretty ? 'terminal' : 'pino');
  const router = new LogRouter();
  const state: RootState = {
    router,
    prog: options.name,
    table: parseLogLevels([]),
    rootLevel: options.debug ? 'debug' : 'info',
    console: options.destination ?? 2,
    consoleFormat,
  };
  const config: LoggerOptions = {
    level: state.rootLevel,
    formatters: { bindings: (bindings) => redactValue(bindings) },
    hooks: {
      logMethod(args: unknown[], method) {
        const clean = args.map((arg) => (typeof arg === 'string' ? redactSecrets(arg) : redactValue(arg)));
        method.apply(this, clean as Parameters<typeof method>);
      },
    },
  };
  if (options.name !== undefined) config.name = options.name;
  const root = pino(config, router);
  states.set(root, state);
  // NOTE: pino drops the bindings formatter for children; children inherit this override through
  // their prototype, so bindings of every descendant are cleaned and levelled too.
  const child = root.child;
  root.child = function redactedChild(this: RootLogger, bindings, childOptions) {
    const clean = redactValue(bindings);
    const name = loggerNameOf({ ...this.bindings(), ...clean }, state.prog);
    const level = childOptions?.level ?? effectiveLevel(name, state.table, state.rootLevel);
    return child.call(this, clean, { ...childOptions, level });
  } as typeof root.child;
  configureLogging(root, options.logging ?? { debug: Boolean(options.debug), defaultLogLevels: [] }, options.locate === undefined ? {} : { locate: options.locate });
  return root;
}

/** What {@link configureLogging} reads: the full settings, or just the level. */
export type LoggingLevelSettings = Pick<LoggingSettings, 'debug' | 'defaultLogLevels'> & Partial<LoggingSettings>;

/**
 * Applies oslo.log's options to a root logger made by {@link createRootLogger}: its outputs (file,
 * stderr, syslog, journal; text or JSON), its level (`debug`) and `default_log_levels` for the
 * children made from now on. Throws a ConfigError naming the option when an output cannot be opened
 * (the previous outputs stay).
 */
export function configureLogging(logger: RootLogger, settings: LoggingLevelSettings, context: Partial<LogRouterContext> = {}): void {
  const state = states.get(logger);
  if (!state) throw new TypeError('configureLogging: not a logger made by createRootLogger');
  const full: LoggingSettings = { ...DEFAULT_LOGGING_SETTINGS, ...settings };
  const routerContext: LogRouterContext = {
    prog: state.prog ?? 'ceilometer',
    console: state.console,
    ...(state.consoleFormat ? { consoleFormat: state.consoleFormat } : {}),
    ...context,
  };
  state.router.configure(full, routerContext);
  state.table = parseLogLevels(full.defaultLogLevels);
  state.rootLevel = full.debug ? 'debug' : 'info';
  logger.level = effectiveLevel(loggerNameOf({}, state.prog), state.table, state.rootLevel);
}

/** Reopens the log file of a root logger (the agents call it on SIGHUP besides the file's own handler). */
export function reopenLogFile(logger: RootLogger): void {
  states.get(logger)?.router.reopen();
}

/** Flushes and closes a root logger's outputs (tests; the process exit closes them otherwise). */
export function closeLogger(logger: RootLogger): void {
  states.get(logger)?.router.close();
}
