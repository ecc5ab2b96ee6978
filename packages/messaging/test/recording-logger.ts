/** A logger recording `{ level, msg, fields }` entries, for asserting what a reconnect loop says. */
import type { LogFn, Logger } from '@ceilometer-ts/sdk';

export interface LogEntry {
  readonly level: string;
  readonly msg: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly at: number;
}

export function recordingLogger(): Logger & { entries: LogEntry[]; lines(level?: string): string[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: string): LogFn =>
    (objOrMsg: object | string, msg?: unknown) => {
      const text = typeof objOrMsg === 'string' ? objOrMsg : String(msg ?? '');
      const fields = typeof objOrMsg === 'string' ? {} : (objOrMsg as Record<string, unknown>);
      entries.push({ level, msg: text, fields, at: Date.now() });
    };
  const logger = {
    entries,
    lines: (level?: string) => entries.filter((e) => !level || e.level === level).map((e) => e.msg),
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: () => logger,
  };
  return logger;
}
