/**
 * The `snmp` hardware inspector (`ceilometer.hardware.inspectors`): reads the OIDs host pollsters
 * ask for from net-snmp-compatible agents, one session per agent reused across cycles, each OID
 * fetched once per host per cycle, at most `[hardware] max_parallel_hosts` hosts at a time.
 */
import {
  PLUGIN_CONTEXT,
  inject,
  injectable,
  silentLogger,
  type HardwareHost,
  type HardwareInspector,
  type Logger,
  type OidRequest,
  type OidValue,
  type OidValues,
  type PluginContext,
  type PollCycle,
} from '@ceilometer-ts/sdk';
import { getScalars } from './get-scalars.js';
import { HostCycleState, type HostFetcher } from './host-cycle-state.js';
import { Limiter } from './limiter.js';
import { normalizeOid } from './oid.js';
import { defaultSnmpInspectorSettings, readSnmpInspectorSettings, type SnmpInspectorSettings } from './options.js';
import { SnmpSession } from './snmp-session.js';
import { resolveSnmpTarget, type SnmpTarget } from './snmp-target.js';
import { walkSubtrees } from './walk.js';
import { SnmpInspectorError } from './errors.js';

/** Prefix of the inspector's entries in the cycle cache. */
export const SNMP_CYCLE_CACHE_PREFIX = 'snmp-inspector:';

/** The inspector without dependency injection: for library use and tests. */
export class SnmpHardwareInspector implements HardwareInspector {
  readonly settings: SnmpInspectorSettings;
  readonly #logger: Logger;
  readonly #limiter: Limiter;
  readonly #sessions = new Map<string, SnmpSession>();
  readonly #targets = new Map<string, SnmpTarget>();
  #closed = false;

  constructor(settings: Partial<SnmpInspectorSettings> = {}, logger: Logger = silentLogger) {
    this.settings = Object.freeze({ ...defaultSnmpInspectorSettings(), ...settings });
    this.#logger = logger;
    this.#limiter = new Limiter(this.settings.maxParallelHosts);
  }

  /** Open sessions (one per distinct agent and credentials). */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Most hosts ever queried at once. */
  get peakParallelHosts(): number {
    return this.#limiter.peak;
  }

  /** PDUs sent to a host so far (retries not counted); 0 for an unknown host. */
  requestCount(host: HardwareHost): number {
    const target = this.#targets.get(host.url.href);
    return target ? (this.#sessions.get(target.key)?.requests ?? 0) : 0;
  }

  /**
   * Reads `request` from `host`. Scalars the agent has no value for (noSuchObject/noSuchInstance)
   * and empty subtrees are simply absent from the result.
   * @throws SnmpInspectorError (an sdk InspectorError) naming the host: timeout, auth, protocol or config.
   */
  async inspect(host: HardwareHost, request: OidRequest, cycle: PollCycle): Promise<OidValues> {
    if (this.#closed) throw new SnmpInspectorError(host.resourceUrl, 'closed', 'the SNMP inspector is closed');
    const target = this.#target(host);
    const normalized: OidRequest = {
      scalars: request.scalars.map(normalizeOid),
      subtrees: request.subtrees.map(normalizeOid),
    };
    const key = SNMP_CYCLE_CACHE_PREFIX + target.key;
    let state = cycle.cache.get<HostCycleState>(key);
    if (!state) {
      state = new HostCycleState();
      cycle.cache.set(key, state);
    }
    return state.read(normalized, this.#fetcher(target));
  }

  /** Closes every session; later `inspect` calls fail. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const session of this.#sessions.values()) session.close();
    this.#sessions.clear();
    this.#targets.clear();
  }

  #target(host: HardwareHost): SnmpTarget {
    const href = host.url.href;
    let target = this.#targets.get(href);
    if (!target) {
      target = resolveSnmpTarget(host, this.settings);
      this.#targets.set(href, target);
    }
    return target;
  }

  #session(target: SnmpTarget): SnmpSession {
    let session = this.#sessions.get(target.key);
    if (!session) {
      session = new SnmpSession(target, this.#logger);
      this.#sessions.set(target.key, session);
      this.#logger.debug({ host: target.label, version: target.version }, 'SNMP session opened');
    }
    return session;
  }

  #fetcher(target: SnmpTarget): HostFetcher {
    // one promise per fetch: the GET and the walk run side by side in the host's slot
    return (scalars, subtrees) =>
      this.#limiter.run(async () => {
        const session = this.#session(target);
        const [values, rows] = await Promise.all([
          scalars.length ? getScalars(session, scalars) : new Map<string, OidValue>(),
          subtrees.length ? walkSubtrees(session, subtrees, target.maxRepetitions) : [],
        ]);
        return { values, rows };
      });
  }
}

/** The `snmp` entry point: settings from `[hardware]`, logger from the plugin context. */
@injectable()
export class SNMPInspector extends SnmpHardwareInspector {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(readSnmpInspectorSettings(ctx.config), ctx.logger);
  }
}
