import { randomUUID } from 'node:crypto';
import type { CoordinationDriver, CoordinationDriverFactory, Logger } from '@ceilometer-ts/sdk';
import { parseCoordinationUrl, type CoordinationUrl } from './coordination-url.js';
import { Coordinator, type CoordinatorOptions } from './coordinator.js';

/** A member id for this agent process: a uuid4, as upstream's polling agent makes. */
export function newMemberId(): string {
  return randomUUID();
}

/**
 * Builds the driver for a parsed `backend_url` from the factory the caller resolved (the CLI looks
 * the `ceilometer.coordination` entry point `url.driverName` up in its registry; this library never
 * imports the core).
 */
export function createCoordinationDriver(
  factory: CoordinationDriverFactory,
  url: CoordinationUrl,
  options: { readonly memberId: string; readonly logger: Logger },
): CoordinationDriver {
  return new factory({
    url: url.url,
    memberId: options.memberId,
    membershipTimeoutMs: url.membershipTimeoutMs,
    logger: options.logger.child({ coordination: url.redacted }),
  });
}

/** What {@link createCoordinator} needs besides the URL and the factory. */
export type CreateCoordinatorOptions = Omit<CoordinatorOptions, 'driver' | 'memberId'> & { readonly memberId?: string };

/**
 * `[coordination] backend_url` (text) + the resolved driver factory → a Coordinator (not started),
 * with a new uuid4 member id unless one is given. Throws CoordinationUrlError for a bad URL.
 */
export function createCoordinator(factory: CoordinationDriverFactory, backendUrl: string, options: CreateCoordinatorOptions): Coordinator {
  const url = parseCoordinationUrl(backendUrl);
  const memberId = options.memberId ?? newMemberId();
  const driver = createCoordinationDriver(factory, url, { memberId, logger: options.logger });
  return new Coordinator({ ...options, driver, memberId });
}
