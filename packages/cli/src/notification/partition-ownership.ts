/**
 * Which partition queues this notification agent transforms: the members of the coordination
 * group `ceilometer.notification.v2` (upstream Queens' group name) share partitions 0 to
 * `pipeline_processing_queues` - 1 through the coordinator's hash ring (key: the partition number
 * as text, as tooz's partitioner hashes `str(partition)`). The group is read every
 * `refreshIntervalMs` and on pushed membership events; a change of this agent's share is handed to
 * the agent, which stops consuming lost partitions and starts consuming gained ones.
 */
import type { PartitionOwnership } from '@ceilometer-ts/pipeline';
import type { Logger } from '@ceilometer-ts/sdk';

/** The coordination group of partitioned notification agents (upstream's NOTIFICATION_NAMESPACE). */
export const NOTIFICATION_GROUP = 'ceilometer.notification.v2';

/** The part of `@ceilometer-ts/coordination`'s Coordinator this uses. */
export interface PartitionCoordinator {
  joinGroup(group: string): Promise<unknown>;
  partitioner(group: string): { belongsToSelf(key: string): boolean };
  onMembershipChange(listener: (change: { readonly group: string }) => void): () => void;
  /** Reads every group again; never rejects (an outage keeps the last known membership). */
  refresh(): Promise<void>;
  stop(): Promise<void>;
}

/** Options of {@link CoordinatedPartitionOwnership}. */
export interface CoordinatedPartitionOwnershipOptions {
  readonly coordinator: PartitionCoordinator;
  /** `[notification] pipeline_processing_queues`. */
  readonly partitions: number;
  /** How often the group is read (drivers without watches see a dead member only so). */
  readonly refreshIntervalMs: number;
  readonly logger: Logger;
}

/**
 * The refresh interval for a membership timeout: a third of it, between 0.5 and 10 s, so a dead
 * member's partitions move within about the timeout plus a third.
 */
export function partitionRefreshIntervalMs(membershipTimeoutMs: number): number {
  return Math.min(10_000, Math.max(500, Math.round(membershipTimeoutMs / 3)));
}

/** Partition ownership through a coordinator's group and hash ring. */
export class CoordinatedPartitionOwnership implements PartitionOwnership {
  readonly #options: CoordinatedPartitionOwnershipOptions;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #last: string | undefined;
  #onChange: ((owned: readonly number[]) => void) | undefined;

  constructor(options: CoordinatedPartitionOwnershipOptions) {
    this.#options = options;
  }

  async start(onChange: (owned: readonly number[]) => void): Promise<void> {
    const { coordinator, refreshIntervalMs, logger } = this.#options;
    this.#onChange = onChange;
    this.#unsubscribe = coordinator.onMembershipChange((change) => {
      if (change.group === NOTIFICATION_GROUP) this.#emit();
    });
    await coordinator.joinGroup(NOTIFICATION_GROUP);
    this.#emit();
    this.#timer = setInterval(() => {
      coordinator.refresh().then(
        () => this.#emit(),
        (err: unknown) => logger.error({ err }, 'partitioning: cannot refresh the group'),
      );
    }, refreshIntervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#unsubscribe?.();
    this.#onChange = undefined;
    await this.#options.coordinator.stop();
  }

  /** The partitions the ring gives this agent now. */
  owned(): number[] {
    const partitioner = this.#options.coordinator.partitioner(NOTIFICATION_GROUP);
    return Array.from({ length: this.#options.partitions }, (_, p) => p).filter((p) => partitioner.belongsToSelf(String(p)));
  }

  #emit(): void {
    if (!this.#onChange) return;
    const owned = this.owned();
    const key = owned.join(',');
    if (key === this.#last) return;
    this.#last = key;
    this.#onChange(owned);
  }
}
