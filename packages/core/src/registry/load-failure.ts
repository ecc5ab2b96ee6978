/**
 * What happens when an entry point cannot be loaded: the default policy logs and goes on
 * (stevedore), a quiet skip (ExtensionLoadError) is logged at info.
 */
import { describeEntryPoint, type Logger } from '@ceilometer-ts/sdk';
import { isExtensionLoadError } from './instantiate.js';
import type { OnLoadFailure } from './types.js';

/**
 * The default `onLoadFailure`: one error line naming package, version, entry point and error (the
 * stack only at debug level), then continue; an ExtensionLoadError is an info line.
 */
export function logLoadFailure(logger: Logger): OnLoadFailure {
  return (ep, error) => {
    const fields = { pkg: ep.packageName, version: ep.packageVersion, ns: ep.namespace, ep: ep.name, target: ep.target };
    if (isExtensionLoadError(error)) {
      logger.info({ ...fields, reason: error.message }, `skipping ${ep.namespace}/${ep.name}: ${error.message}`);
      return;
    }
    logger.error({ ...fields, err: error.message }, `could not load ${describeEntryPoint(ep)}: ${error.message}`);
    logger.debug({ ...fields, stack: error.stack, cause: (error.cause as Error | undefined)?.stack }, 'load failure details');
  };
}

/** An `onLoadFailure` that rethrows, aborting the manager's creation (DriverManager's default). */
export const raiseLoadFailure: OnLoadFailure = (_ep, error) => {
  throw error;
};

