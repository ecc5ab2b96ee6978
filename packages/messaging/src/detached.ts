/**
 * Background work started from event handlers and timers (reconnect loops, channel setup, the outbox
 * pump, message delivery). Each task handles its own errors; a rejection that still escapes is a bug,
 * so it is logged here rather than left to become an unhandled rejection.
 */
import type { Logger } from '@ceilometer-ts/sdk';

/** Runs `task` without awaiting it; an escaped rejection is logged as `<what> failed unexpectedly`. */
export function runDetached(task: Promise<unknown>, logger: Logger, what: string): void {
  task.catch((err: unknown) => logger.error({ err }, `${what} failed unexpectedly`));
}
