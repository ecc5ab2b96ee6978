import { parseCoordinationUrl } from '@ceilometer-ts/coordination';
import { silentLogger, type Logger } from '@ceilometer-ts/sdk';
import { Etcd3Driver } from '../src/index.js';

/** One log record a test can look at. */
export interface LogRecord {
  readonly level: string;
  readonly msg: string;
}

/** A Logger that keeps every record (child loggers share the list). */
export function recordingLogger(records: LogRecord[] = []): Logger & { readonly records: LogRecord[] } {
  const at =
    (level: string) =>
    (first: unknown, second?: unknown): void => {
      records.push({ level, msg: typeof first === 'string' ? first : typeof second === 'string' ? second : '' });
    };
  const logger: Logger & { readonly records: LogRecord[] } = {
    ...silentLogger,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: () => logger,
    records,
  };
  return logger;
}

/** A driver for `url`, built as the agents build it (membership timeout read by the coordination library). */
export function makeDriver(url: string, memberId: string, logger: Logger = silentLogger): Etcd3Driver {
  const parsed = parseCoordinationUrl(url);
  return new Etcd3Driver({ url: parsed.url, memberId, membershipTimeoutMs: parsed.membershipTimeoutMs, logger });
}

/** Polls `check` every 50 ms until it holds; resolves with the time it took, rejects after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await check()) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: not true after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** getMembers, or undefined while it rejects (an outage). */
export async function membersOrUndefined(driver: Etcd3Driver, group: string): Promise<readonly string[] | undefined> {
  try {
    return await driver.getMembers(group);
  } catch {
    return undefined;
  }
}
