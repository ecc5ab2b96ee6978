/**
 * `[coordination] backend_url` → a started `Coordinator` (`@ceilometer-ts/coordination`): the URL
 * is read, its scheme names the `ceilometer.coordination` entry point (looked up in the registry:
 * the library never imports the core), the driver is made with a fresh member id (a uuid4, as
 * upstream) and started. A backend that is away at start is not fatal: the coordinator retries in
 * the background and logs the outage once.
 */
import type { Config, PluginRegistryLike } from '@ceilometer-ts/core';
import { createCoordinator, parseCoordinationUrl, type Coordinator, type CoordinationUrl } from '@ceilometer-ts/coordination';
import { ConfigError, CoordinationUrlError, didYouMean, Namespaces, type CoordinationDriverFactory, type Logger } from '@ceilometer-ts/sdk';

/** A ConfigError located at `[coordination] backend_url`. */
function backendUrlError(config: Config, message: string): ConfigError {
  const source = config.has('coordination', 'backend_url') ? config.source('coordination', 'backend_url') : undefined;
  const file = source?.file ?? config.files.at(-1) ?? 'ceilometer.conf';
  return new ConfigError([{ file, ...(source?.line !== undefined ? { line: source.line } : {}), path: 'coordination.backend_url', message }]);
}

/** Reads the URL; a bad one is a config error naming the option. */
export function readBackendUrl(config: Config, text: string): CoordinationUrl {
  try {
    return parseCoordinationUrl(text);
  } catch (error) {
    if (error instanceof CoordinationUrlError) throw backendUrlError(config, error.message);
    throw error;
  }
}

/** The driver class for the URL's scheme; an unknown scheme is a config error with "did you mean". */
export async function resolveCoordinationDriver(registry: PluginRegistryLike, config: Config, url: CoordinationUrl): Promise<CoordinationDriverFactory> {
  const entryPoints = registry.entryPoints(Namespaces.coordination);
  const entryPoint = entryPoints.find((ep) => ep.name === url.driverName);
  if (!entryPoint) {
    const installed = [...new Set(entryPoints.map((ep) => ep.name))].sort();
    throw backendUrlError(
      config,
      `no coordination driver for ${url.driverName}:// (${url.redacted}); installed: ${installed.join(', ') || 'none'} (${Namespaces.coordination})` +
        didYouMean(url.driverName, installed, (s) => `${s}://`),
    );
  }
  const factory = await entryPoint.load();
  if (typeof factory !== 'function') throw backendUrlError(config, `the ${Namespaces.coordination} entry point ${url.driverName} is not a class`);
  return factory as CoordinationDriverFactory;
}

/** Makes and starts the coordinator of `[coordination] backend_url`, logging this agent's member id. */
export async function startCoordinator(registry: PluginRegistryLike, config: Config, text: string, logger: Logger): Promise<Coordinator> {
  const url = readBackendUrl(config, text);
  const factory = await resolveCoordinationDriver(registry, config, url);
  const coordinator = createCoordinator(factory, text, { logger });
  const memberId = coordinator.memberId;
  logger.info({ member: memberId, backend: url.redacted, membershipTimeoutMs: url.membershipTimeoutMs }, `coordination through ${url.redacted} as member ${memberId}`);
  await coordinator.start();
  return coordinator;
}
