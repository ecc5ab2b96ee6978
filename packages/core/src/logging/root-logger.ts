import pino, { type DestinationStream, type Logger as PinoLogger, type LoggerOptions } from 'pino';
import pinoPretty from 'pino-pretty';
import { redactSecrets, redactValue } from './redact-secrets.js';

/** Options of {@link createRootLogger}. */
export interface RootLoggerOptions {
  /** `--debug` / `[DEFAULT] debug`: log at debug level instead of info. */
  readonly debug?: boolean;
  /** Human-readable lines through pino-pretty; default: when stderr is a TTY. */
  readonly pretty?: boolean;
  /** Where lines go: a stream or a file descriptor; default: stderr (fd 2), as oslo.log does. */
  readonly destination?: NodeJS.WritableStream | number;
  /** `name` field of every line (the program, `ceilometer-polling`). */
  readonly name?: string;
}

/** The process-wide logger: a pino logger, assignable to the sdk's `Logger`. */
export type RootLogger = PinoLogger;

function destinationStream(options: RootLoggerOptions, pretty: boolean): DestinationStream {
  const destination = options.destination ?? 2;
  if (pretty) {
    // NOTE: pino-pretty as an in-process stream, not a worker transport: no thread, nothing lost on exit.
    const colorize = typeof destination === 'number' ? Boolean(destination === 2 ? process.stderr.isTTY : process.stdout.isTTY) : false;
    return pinoPretty({ destination, sync: true, colorize, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname' });
  }
  if (typeof destination === 'number') return pino.destination({ dest: destination, sync: true });
  return destination as DestinationStream;
}

/**
 * Creates the one root logger of a process: JSON lines by default, pino-pretty when `pretty`.
 * Secrets never reach the output: values under secret-looking keys (password, secret,
 * telemetry_secret, tokens, `X-Auth-Token`) are redacted at any depth, URL passwords are masked in
 * every string, including error messages and stacks and the message itself. Children made with
 * `logger.child({ pkg, ns, ep })` inherit all of it.
 */
export function createRootLogger(options: RootLoggerOptions = {}): RootLogger {
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
  const config: LoggerOptions = {
    level: options.debug ? 'debug' : 'info',
    formatters: { bindings: (bindings) => redactValue(bindings) },
    hooks: {
      logMethod(args: unknown[], method) {
        const clean = args.map((arg) => (typeof arg === 'string' ? redactSecrets(arg) : redactValue(arg)));
        method.apply(this, clean as Parameters<typeof method>);
      },
    },
  };
  if (options.name !== undefined) config.name = options.name;
  const root = pino(config, destinationStream(options, pretty));
  // NOTE: pino drops the bindings formatter for children; children inherit this override through
  // their prototype, so bindings of every descendant are cleaned too.
  const child = root.child;
  root.child = function redactedChild(this: RootLogger, bindings, childOptions) {
    return child.call(this, redactValue(bindings), childOptions);
  } as typeof root.child;
  return root;
}
