/**
 * Signal handling for long-running agents: SIGHUP reloads; SIGTERM/SIGINT stop gracefully once
 * (a second signal during the stop exits at once). The process guard's phase follows along.
 */
import type { Logger } from '@ceilometer-ts/sdk';
import { installedProcessGuard } from './process-guard.js';

export interface SignalActions {
  readonly logger: Logger;
  readonly reload: () => Promise<void>;
  readonly stop: () => Promise<void>;
}

/** Resolves when the process has been stopped by SIGTERM or SIGINT. */
export function installSignalHandlers(actions: SignalActions): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    let reloading: Promise<void> = Promise.resolve();
    const guard = installedProcessGuard();
    if (guard) guard.phase = 'running';
    const onHup = (): void => {
      actions.logger.info('SIGHUP received: reloading');
      reloading = reloading
        .then(async () => {
          if (guard && !stopping) guard.phase = 'reloading';
          await actions.reload();
        })
        .catch((err: unknown) => actions.logger.error({ err }, 'reload failed'))
        .finally(() => {
          if (guard && !stopping) guard.phase = 'running';
        });
    };
    const onStop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        actions.logger.warn({ signal }, 'second stop signal: exiting now');
        process.exit(1);
      }
      stopping = true;
      if (guard) guard.phase = 'stopping';
      actions.logger.info({ signal }, 'stopping: finishing the cycle in flight and flushing');
      void reloading
        .then(actions.stop)
        .catch((err: unknown) => {
          actions.logger.error({ err }, 'error while stopping');
          process.exitCode = 1;
        })
        .finally(() => {
          process.off('SIGHUP', onHup);
          process.off('SIGTERM', onStop);
          process.off('SIGINT', onStop);
          resolve();
        });
    };
    process.on('SIGHUP', onHup);
    process.on('SIGTERM', onStop);
    process.on('SIGINT', onStop);
  });
}
