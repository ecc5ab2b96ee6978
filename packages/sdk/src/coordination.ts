/**
 * The coordination contract: how agents share work through a distributed engine (Redis, etcd).
 * A driver is one backend connection keeping this agent's membership alive; the partitioning logic
 * (hash ring, cached membership, outage handling) lives in `@ceilometer-ts/coordination`.
 * Drivers are entry points of `Namespaces.coordination` named after the `backend_url` scheme
 * (`redis`, `rediss`, `etcd3`, `etcd3+http`, `etcd3+https`).
 */
import { CeilometerError } from './errors.js';
import type { Logger } from './logger.js';

/** What a driver's constructor receives. */
export interface CoordinationDriverOptions {
  /** `[coordination] backend_url` as configured; log it only through `redactUrl`. */
  readonly url: URL;
  /** Unique per agent process (upstream: a uuid4 by default). */
  readonly memberId: string;
  /** How long a member that stopped heartbeating stays listed: the URL's `timeout` (seconds) × 1000, default 30 s as tooz. */
  readonly membershipTimeoutMs: number;
  readonly logger: Logger;
}

/** One change of a group's membership, pushed by drivers that can watch. */
export type MembershipEvent = { readonly type: 'join' | 'leave'; readonly group: string; readonly member: string };

/** One backend connection. Drivers keep this member alive on their own (heartbeats / leases) once started. */
export interface CoordinationDriver {
  /** Connects; rejects with CoordinationUnavailableError. */
  start(): Promise<void>;
  /** Leaves every group at once, stops heartbeats, closes. */
  stop(): Promise<void>;
  /** Creates the group if needed; idempotent. */
  joinGroup(group: string): Promise<void>;
  /** Leaves one group at once (the others stay joined). */
  leaveGroup(group: string): Promise<void>;
  /** Live members, sorted; rejects with CoordinationUnavailableError during an outage. */
  getMembers(group: string): Promise<readonly string[]>;
  /** Optional push of membership changes (etcd watch, redis keyspace/pubsub); polling getMembers must also work. Returns an unsubscribe function. */
  watch?(group: string, listener: (event: MembershipEvent) => void): () => void;
  /** Whether the backend connection is up now. */
  readonly connected: boolean;
}

/** How the entry point target is constructed. */
export type CoordinationDriverFactory = new (options: CoordinationDriverOptions) => CoordinationDriver;

/** The coordination backend cannot be reached (connection refused, lost, timed out). */
export class CoordinationUnavailableError extends CeilometerError {
  readonly code = 'CEILO_ERR_COORDINATION_UNAVAILABLE' as const;
}

/** `[coordination] backend_url` cannot be used: unparsable, unknown scheme, bad parameter. */
export class CoordinationUrlError extends CeilometerError {
  readonly code = 'CEILO_ERR_COORDINATION_URL' as const;
}
