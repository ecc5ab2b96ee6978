/**
 * Signal handling for long-running agents: SIGHUP reloads; SIGTERM/SIGINT stop gracefully once
 * (a second signal during the stop exits at once). The process guard's phase follows along.
 *
 * Install the handlers before anything that can wait (a broker that is away, a slow first load):
 * without them, SIGHUP's default action kills the process and SIGTERM skips the graceful stop. Once
 * installed they stay for the life of the process, so a SIGHUP while stopping (or after) is logged
 * and ignored instead of killing a process that is still flushing.
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
    // the command says when it is running (after start); a reload returns to the phase it interrupted
    let resumePhase = guard?.phase;
    const onHup = (): void => {
      if (stopping) {
        actions.logger.info('SIGHUP received while stopping: ignored');
        return;
      }
      actions.logger.info('SIGHUP received: reloading');
      reloading = reloading
        .then(async () => {
          resumePhase = guard?.phase;
          if (guard && !stopping) guard.phase = 'reloading';
          await actions.reload();
        })
        .catch((err: unknown) => actions.logger.error({ err }, 'reload failed'))
        .finally(() => {
          if (guard && !stopping && resumePhase) guard.phase = resumePhase;
        });
    };
    const onStop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        actions.logger.warn({ signal }, 'second stop signal: exiting now');
        process.exit(1);
      }
      stopping = true;
      if (guard) guard.phase = 'stopping';
      actions.logger.info({ signal }, 'stopping: finishing the work in flight and flushing');
      // a reload in flight finishes first (it only reads files), so stop() sees one set of publishers
      // `reloading` never rejects and the .catch below handles stop(): the chain cannot reject
      void reloading
        .then(actions.stop)
        .catch((err: unknown) => {
          actions.logger.error({ err }, 'error while stopping');
          process.exitCode = 1;
        })
        .finally(resolve);
    };
    // NOTE: signal handlers do not keep the event loop alive, so leaving them installed never delays exit
    process.on('SIGHUP', onHup);
    process.on('SIGTERM', onStop);
    process.on('SIGINT', onStop);
  });
}
