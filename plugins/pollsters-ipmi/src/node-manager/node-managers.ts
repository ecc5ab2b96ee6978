/**
 * One Node Manager engine per BMC for the whole agent (upstream's engine is a process singleton),
 * shared by the eight pollsters through the plugin context's services, so detection runs once per
 * BMC and its outcome is logged once.
 */
import type { Logger, PluginContext } from '@ceilometer-ts/sdk';
import { ipmiToolOf, type IpmiTarget } from '../ipmitool.js';
import { NodeManager, type IpmiRunner, type NodeManagerDetection, type NodeManagerOptions } from './engine.js';

/** The services key of the agent's {@link NodeManagers}. */
export const NODE_MANAGERS_SERVICE = 'ipmi.node-managers';

/** A resource of the NM pollsters: a target, or a host name from another namespace's `local_node`. */
export type NodeManagerResource = IpmiTarget | string;

/** The target a resource names. */
export function targetOf(resource: NodeManagerResource): IpmiTarget {
  return typeof resource === 'string' ? { node: resource } : resource;
}

function targetKey(target: IpmiTarget): string {
  const r = target.remote;
  return r ? `${target.node}@${r.address}:${r.port ?? 623}` : target.node;
}

/** The engines of the agent, by target. */
export class NodeManagers {
  readonly #engines = new Map<string, NodeManager>();
  readonly #reported = new Map<string, string>();

  constructor(
    private readonly runner: IpmiRunner,
    private readonly options: NodeManagerOptions,
    private readonly logger: Logger,
  ) {}

  /** The engine of a target (made on first use). */
  engine(target: IpmiTarget): NodeManager {
    const key = targetKey(target);
    let engine = this.#engines.get(key);
    if (!engine) {
      engine = new NodeManager(this.runner, target, this.options);
      this.#engines.set(key, engine);
    }
    return engine;
  }

  /** The target's detection, logged when its outcome first shows or changes. */
  async detect(target: IpmiTarget): Promise<NodeManagerDetection> {
    const detection = await this.engine(target).detect();
    const outcome = detection.version > 0 ? `version ${detection.version}` : `none: ${detection.reason ?? ''}`;
    const key = targetKey(target);
    if (this.#reported.get(key) !== outcome) {
      this.#reported.set(key, outcome);
      if (detection.version > 0) this.logger.info(`Intel Node Manager found on ${target.node} (NM version byte ${detection.version})`);
      else if (detection.unanswered) this.logger.warn(`Intel Node Manager detection on ${target.node}: the BMC did not answer (${detection.reason ?? ''}); trying again next poll`);
      else this.logger.info(`Intel Node Manager not supported on ${target.node} (${detection.reason ?? ''}): the hardware.ipmi.node.* meters are not polled for it`);
    }
    return detection;
  }
}

/** The agent's engines, made on first use with the agent's shared ipmitool runner. */
export function nodeManagersOf(ctx: PluginContext): NodeManagers {
  return ctx.services.getOrCreate(NODE_MANAGERS_SERVICE, () => {
    const initRetry = ctx.config.has('ipmi', 'node_manager_init_retry') ? ctx.config.get<number>('ipmi', 'node_manager_init_retry') : 3;
    return new NodeManagers(ipmiToolOf(ctx), { initRetry }, ctx.logger);
  });
}
