/**
 * Fetches OIDs of a host through its inspector, once per host per cycle. After the first cycle, a
 * host's first request also asks for every OID the meters polled on it before, so one inspector call
 * (one set of GET/GETBULK exchanges) usually serves all meters of the cycle. A failed host fails the
 * rest of its cycle at once instead of waiting for its timeout again.
 */
import {
  HARDWARE_INSPECTORS_SERVICE,
  InspectorError,
  type HardwareInspectorResolver,
  type OidRequest,
  type PollCycle,
  type ServiceRegistry,
} from '@ceilometer-ts/sdk';
import type { PolledHost } from './hardware-host.js';
import { HostValues } from './host-values.js';

interface CycleHostState {
  readonly values: HostValues;
  readonly scalars: Set<string>;
  readonly subtrees: Set<string>;
  chain: Promise<unknown>;
  failure: Error | undefined;
  /** Whether a pollster already logged this host's failure this cycle. */
  logged: boolean;
}

const KEY = 'pollsters-hardware:host:';

/** Shared by every hardware pollster of the process (one per plugin services). */
export class HostFetcher {
  readonly #learned = new Map<string, { scalars: Set<string>; subtrees: Set<string> }>();

  constructor(private readonly services: ServiceRegistry) {}

  #state(host: PolledHost, cycle: PollCycle): CycleHostState {
    const key = KEY + host.url.href;
    let state = cycle.cache.get<CycleHostState>(key);
    if (!state) {
      state = { values: new HostValues(), scalars: new Set(), subtrees: new Set(), chain: Promise.resolve(), failure: undefined, logged: false };
      cycle.cache.set(key, state);
    }
    return state;
  }

  /** True the first time it is called for a failed host in a cycle (log once per host per cycle). */
  shouldLog(host: PolledHost, cycle: PollCycle): boolean {
    const state = this.#state(host, cycle);
    if (state.logged) return false;
    state.logged = true;
    return true;
  }

  /** The host's values with at least `request` fetched this cycle. */
  fetch(host: PolledHost, request: OidRequest, cycle: PollCycle): Promise<HostValues> {
    const state = this.#state(host, cycle);
    const run = state.chain.then(() => this.#fetch(host, request, cycle, state));
    state.chain = run.catch(() => undefined);
    return run;
  }

  async #fetch(host: PolledHost, request: OidRequest, cycle: PollCycle, state: CycleHostState): Promise<HostValues> {
    if (state.failure) throw state.failure;
    const learnedKey = host.url.href;
    let learned = this.#learned.get(learnedKey);
    if (!learned) this.#learned.set(learnedKey, (learned = { scalars: new Set(), subtrees: new Set() }));
    const first = state.scalars.size === 0 && state.subtrees.size === 0;
    const scalars = new Set([...request.scalars, ...(first ? learned.scalars : [])].filter((o) => !state.scalars.has(o)));
    const subtrees = new Set([...request.subtrees, ...(first ? learned.subtrees : [])].filter((o) => !state.subtrees.has(o)));
    for (const o of request.scalars) learned.scalars.add(o);
    for (const o of request.subtrees) learned.subtrees.add(o);
    if (scalars.size === 0 && subtrees.size === 0) return state.values;
    try {
      const resolver = this.services.get<HardwareInspectorResolver>(HARDWARE_INSPECTORS_SERVICE);
      if (!resolver) {
        throw new InspectorError(`no hardware inspectors: the "${HARDWARE_INSPECTORS_SERVICE}" service is not registered by the agent`);
      }
      const inspector = await resolver.inspector(host.scheme);
      const values = await inspector.inspect(host, { scalars: [...scalars], subtrees: [...subtrees] }, cycle);
      state.values.merge(values, subtrees);
    } catch (err) {
      state.failure = err instanceof Error ? err : new Error(String(err));
      throw state.failure;
    }
    for (const o of scalars) state.scalars.add(o);
    for (const o of subtrees) state.subtrees.add(o);
    return state.values;
  }
}
