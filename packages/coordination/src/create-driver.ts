import { randomUUID } from 'node:crypto';
import type { CoordinationDriver, CoordinationDriverFactory, Logger } from '@ceilometer-ts/sdk';
import type { CoordinationUrl } from './coordination-url.js';

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
