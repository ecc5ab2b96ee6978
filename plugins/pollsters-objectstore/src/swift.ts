/**
 * The Swift pollsters (upstream's `ceilometer/objectstore/swift.py`), default discovery `tenant`:
 * per project `storage.objects` (object), `storage.objects.size` (B) and
 * `storage.objects.containers` (container) from the account's `HEAD`; per container
 * `storage.containers.objects` (object) and `storage.containers.objects.size` (B) from its `GET`,
 * resource `<project>/<container>`, metadata `storage_policy` (null when absent). All gauges, no user.
 */
import type { SwiftAccountStats, SwiftContainer } from '@ceilometer-ts/openstack-client';
import { INJECT_TOKENS, PLUGIN_CONTEXT, makeSample, type MetadataValue, type PluginContext, type PollCycle, type Pollster, type Sample } from '@ceilometer-ts/sdk';
import { SwiftAccounts, type Tenant } from './accounts.js';

abstract class SwiftPollster implements Pollster<Tenant> {
  static readonly [INJECT_TOKENS] = [PLUGIN_CONTEXT];
  readonly defaultDiscovery = 'tenant';
  protected readonly accounts: SwiftAccounts;

  constructor(ctx: PluginContext) {
    this.accounts = new SwiftAccounts(ctx);
  }

  abstract getSamples(cycle: PollCycle, resources: readonly Tenant[]): Promise<Sample[]>;
}

/** A per-project meter from the account's `HEAD`. */
abstract class AccountPollster extends SwiftPollster {
  protected abstract readonly meter: string;
  protected abstract readonly unit: string;
  protected abstract value(stats: SwiftAccountStats): number;

  async getSamples(cycle: PollCycle, resources: readonly Tenant[]): Promise<Sample[]> {
    const accounts = await this.accounts.heads(cycle, resources);
    return accounts.map(({ tenant, value }) =>
      makeSample({ name: this.meter, type: 'gauge', unit: this.unit, volume: this.value(value), user_id: null, project_id: tenant, resource_id: tenant, timestamp: cycle.timestamp }),
    );
  }
}

/** A per-container meter from the account's `GET`. */
abstract class ContainerPollster extends SwiftPollster {
  protected abstract readonly meter: string;
  protected abstract readonly unit: string;
  protected abstract value(container: SwiftContainer): number;

  async getSamples(cycle: PollCycle, resources: readonly Tenant[]): Promise<Sample[]> {
    const accounts = await this.accounts.containers(cycle, resources);
    return accounts.flatMap(({ tenant, value }) =>
      value.map((container) =>
        makeSample({
          name: this.meter, type: 'gauge', unit: this.unit, volume: this.value(container), user_id: null, project_id: tenant,
          resource_id: `${tenant}/${container.name}`, timestamp: cycle.timestamp,
          resource_metadata: { storage_policy: (container['storage_policy'] ?? null) as MetadataValue },
        }),
      ),
    );
  }
}

const int = (v: unknown): number => (typeof v === 'number' ? Math.trunc(v) : Number.parseInt(String(v), 10));

/** `storage.objects`: objects in the project's account. */
export class ObjectsPollster extends AccountPollster {
  protected readonly meter = 'storage.objects';
  protected readonly unit = 'object';
  protected value(s: SwiftAccountStats): number {
    return s.objectCount;
  }
}

/** `storage.objects.size`: bytes used by the project's account. */
export class ObjectsSizePollster extends AccountPollster {
  protected readonly meter = 'storage.objects.size';
  protected readonly unit = 'B';
  protected value(s: SwiftAccountStats): number {
    return s.bytesUsed;
  }
}

/** `storage.objects.containers`: containers in the project's account. */
export class ObjectsContainersPollster extends AccountPollster {
  protected readonly meter = 'storage.objects.containers';
  protected readonly unit = 'container';
  protected value(s: SwiftAccountStats): number {
    return s.containerCount;
  }
}

/** `storage.containers.objects`: objects per container. */
export class ContainersObjectsPollster extends ContainerPollster {
  protected readonly meter = 'storage.containers.objects';
  protected readonly unit = 'object';
  protected value(c: SwiftContainer): number {
    return int(c.count);
  }
}

/** `storage.containers.objects.size`: bytes per container. */
export class ContainersSizePollster extends ContainerPollster {
  protected readonly meter = 'storage.containers.objects.size';
  protected readonly unit = 'B';
  protected value(c: SwiftContainer): number {
    return int(c.bytes);
  }
}
