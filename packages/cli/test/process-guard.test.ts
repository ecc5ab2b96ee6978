/**
 * The process guard in-process, on an EventEmitter standing in for `process` (vitest keeps its own
 * handlers on the real one). The spawned agents are covered by process-guard-cli.test.ts.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { LogFn, Logger } from '@ceilometer-ts/sdk';
import { ProcessGuard, type ProcessEvents } from '../src/index.js';

interface Line {
  readonly level: string;
  readonly fields: Record<string, unknown>;
  readonly msg: string;
}

function recordingLogger(): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: string): LogFn =>
    (fieldsOrMsg: object | string, msg?: unknown): void => {
      if (typeof fieldsOrMsg === 'string') lines.push({ level, fields: {}, msg: fieldsOrMsg });
      else lines.push({ level, fields: fieldsOrMsg as Record<string, unknown>, msg: typeof msg === 'string' ? msg : '' });
    };
  const logger: Logger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'), child: () => logger };
  return { logger, lines };
}

const asProcess = (emitter: EventEmitter): ProcessEvents => emitter as unknown as ProcessEvents;

describe('ProcessGuard', () => {
  it('logs an unhandled rejection once with its stack and context, counts it, and does not exit', () => {
    const { logger, lines } = recordingLogger();
    const exits: number[] = [];
    const events = new EventEmitter();
    const guard = new ProcessGuard('ceilometer-polling', { logger, exit: (code) => exits.push(code) }).install(asProcess(events));
    guard.phase = 'running';
    const reason = new Error('pollster background work failed');

    events.emit('unhandledRejection', reason, Promise.resolve());

    expect(guard.unhandledRejections).toBe(1);
    expect(exits).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', fields: { err: reason, prog: 'ceilometer-polling', phase: 'running', unhandledRejections: 1 } });
    expect(lines[0]!.msg).toContain('unhandled promise rejection');
  });

  it('turns a non-Error reason into an Error, so the line still has a stack', () => {
    const { logger, lines } = recordingLogger();
    const guard = new ProcessGuard('ceilometer-agent-notification', { logger, exit: () => {} });
    guard.handleRejection({ code: 42 });
    const err = lines[0]!.fields['err'] as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe('non-Error rejection reason: { code: 42 }');
    expect(err.stack).toBeTypeOf('string');
  });

  it('logs an uncaught exception as fatal with its context, then exits 1', () => {
    const { logger, lines } = recordingLogger();
    const exits: number[] = [];
    const events = new EventEmitter();
    const guard = new ProcessGuard('ceilometer-polling', { logger, exit: (code) => exits.push(code) }).install(asProcess(events));
    const error = new TypeError('cannot read properties of undefined');

    events.emit('uncaughtException', error, 'uncaughtException');

    expect(exits).toEqual([1]);
    expect(guard.uncaughtExceptions).toBe(1);
    expect(lines).toEqual([expect.objectContaining({ level: 'fatal', fields: { err: error, origin: 'uncaughtException', prog: 'ceilometer-polling', phase: 'startup' } })]);
  });

  it('logs through the command logger once it is handed over, and uninstall stops listening', () => {
    const first = recordingLogger();
    const second = recordingLogger();
    const events = new EventEmitter();
    const guard = new ProcessGuard('ceilometer-send-sample', { logger: first.logger, exit: () => {} }).install(asProcess(events));
    events.emit('unhandledRejection', new Error('one'), Promise.resolve());
    guard.useLogger(second.logger);
    events.emit('unhandledRejection', new Error('two'), Promise.resolve());
    guard.uninstall();
    expect(events.listenerCount('unhandledRejection')).toBe(0);
    expect(events.listenerCount('uncaughtException')).toBe(0);
    expect([first.lines.length, second.lines.length, guard.unhandledRejections]).toEqual([1, 1, 2]);
  });
});
