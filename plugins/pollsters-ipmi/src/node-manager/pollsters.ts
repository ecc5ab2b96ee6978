/**
 * The Intel Node Manager meters (upstream 19.0's `ceilometer/ipmi/pollsters/node.py`, removed from
 * master): one gauge per BMC with a Node Manager, resource id the node, metadata `{node}`. A BMC
 * without one gives nothing (detected once, logged once); `[ipmi] polling_retry` consecutive
 * failures on a BMC stop that pollster polling it.
 */
import {
  inject, injectable, makeSample, PLUGIN_CONTEXT, PollsterPermanentError,
  type Logger, type PluginContext, type PollCycle, type Pollster, type Sample,
} from '@ceilometer-ts/sdk';
import { IpmiCommandError } from '../ipmitool.js';
import { RawResponseError, littleEndian, type RawFields } from './raw-response.js';
import type { NodeManagerReading } from './engine.js';
import { nodeManagersOf, targetOf, type NodeManagerResource, type NodeManagers } from './node-managers.js';

/** Base of the eight pollsters (upstream's `node._Base`). */
abstract class NodeManagerPollster implements Pollster<NodeManagerResource> {
  readonly defaultDiscovery = 'local_node';
  abstract readonly meter: string;
  abstract readonly unit: string;
  /** The response field holding the value. */
  protected readonly field: string = 'Current_value';
  protected abstract readonly reading: NodeManagerReading;
  readonly #managers: NodeManagers;
  readonly #logger: Logger;
  readonly #retry: number;
  /** Consecutive failures per node (upstream's `polling_failures`, kept per BMC). */
  readonly #failures = new Map<string, number>();

  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    this.#managers = nodeManagersOf(ctx);
    this.#logger = ctx.logger;
    this.#retry = ctx.config.has('ipmi', 'polling_retry') ? ctx.config.get<number>('ipmi', 'polling_retry') : 3;
  }

  /** The response fields this cycle (the util pollsters share one read through the cycle cache). */
  protected load(cycle: PollCycle, resource: NodeManagerResource): Promise<RawFields | undefined> {
    void cycle;
    return this.#managers.engine(targetOf(resource)).read(this.reading);
  }

  async *getSamples(cycle: PollCycle, resources: readonly NodeManagerResource[]): AsyncIterable<Sample> {
    const disabled: NodeManagerResource[] = [];
    for (const resource of resources) {
      const target = targetOf(resource);
      if ((await this.#managers.detect(target)).version === 0) continue;
      let fields: RawFields | undefined;
      try {
        fields = await this.load(cycle, resource);
      } catch (err) {
        if (!(err instanceof IpmiCommandError || err instanceof RawResponseError)) throw err;
        const failures = (this.#failures.get(target.node) ?? 0) + 1;
        this.#failures.set(target.node, failures);
        this.#logger.warn({ node: target.node }, `Polling ${this.meter} failed for ${failures} times! (${target.node}: ${err.message})`);
        if (this.#retry >= 0 && this.#retry < failures) {
          this.#logger.warn({ node: target.node }, `Pollster for ${this.meter} is disabled for ${target.node}!`);
          disabled.push(resource);
        } else {
          cycle.reportResourceFailure?.(resource, err);
        }
        continue;
      }
      this.#failures.delete(target.node);
      const value = fields?.[this.field];
      if (!value) continue;
      yield makeSample({
        name: this.meter, type: 'gauge', unit: this.unit, volume: littleEndian(value),
        user_id: null, project_id: null, resource_id: target.node, timestamp: cycle.timestamp,
        resource_metadata: { node: target.node },
      });
    }
    if (disabled.length > 0) throw new PollsterPermanentError(disabled, `${this.meter}: too many consecutive failures`);
  }
}

/** `hardware.ipmi.node.power` (W): the platform's power draw. */
@injectable()
export class NodePowerPollster extends NodeManagerPollster {
  readonly meter = 'hardware.ipmi.node.power';
  readonly unit = 'W';
  protected readonly reading = 'power';
}

/** `hardware.ipmi.node.temperature` (C): inlet temperature (upstream kept the old name). */
@injectable()
export class NodeInletTemperaturePollster extends NodeManagerPollster {
  readonly meter = 'hardware.ipmi.node.temperature';
  readonly unit = 'C';
  protected readonly reading = 'inlet_temperature';
}

/** `hardware.ipmi.node.outlet_temperature` (C), NM 3.0. */
@injectable()
export class NodeOutletTemperaturePollster extends NodeManagerPollster {
  readonly meter = 'hardware.ipmi.node.outlet_temperature';
  readonly unit = 'C';
  protected readonly reading = 'outlet_temperature';
}

/** `hardware.ipmi.node.airflow` (CFM), NM 3.0. */
@injectable()
export class NodeAirflowPollster extends NodeManagerPollster {
  readonly meter = 'hardware.ipmi.node.airflow';
  readonly unit = 'CFM';
  protected readonly reading = 'airflow';
}

/** `hardware.ipmi.node.cups` (CUPS): the Compute Usage Per Second index, NM 3.0. */
@injectable()
export class NodeCupsIndexPollster extends NodeManagerPollster {
  readonly meter = 'hardware.ipmi.node.cups';
  readonly unit = 'CUPS';
  protected readonly reading = 'cups_index';
  protected override readonly field = 'CUPS_Index';
}

/** Base of the three CUPS utilization pollsters: one NM read per BMC and cycle serves all three. */
abstract class CupsUtilizationPollster extends NodeManagerPollster {
  readonly unit = '%';
  protected readonly reading = 'cups_utilization';

  protected override load(cycle: PollCycle, resource: NodeManagerResource): Promise<RawFields | undefined> {
    return cycle.cache.getOrLoad(`ipmi.node.cups:${targetOf(resource).node}`, () => super.load(cycle, resource));
  }
}

/** `hardware.ipmi.node.cpu_util` (%), NM 3.0. */
@injectable()
export class NodeCpuUtilPollster extends CupsUtilizationPollster {
  readonly meter = 'hardware.ipmi.node.cpu_util';
  protected override readonly field = 'CPU_Utilization';
}

/** `hardware.ipmi.node.mem_util` (%), NM 3.0. */
@injectable()
export class NodeMemUtilPollster extends CupsUtilizationPollster {
  readonly meter = 'hardware.ipmi.node.mem_util';
  protected override readonly field = 'Mem_Utilization';
}

/** `hardware.ipmi.node.io_util` (%), NM 3.0. */
@injectable()
export class NodeIoUtilPollster extends CupsUtilizationPollster {
  readonly meter = 'hardware.ipmi.node.io_util';
  protected override readonly field = 'IO_Utilization';
}
