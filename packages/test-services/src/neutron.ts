import type { OpenStackService, StartOpenStackServiceOptions } from './openstack-service.js';
import { adminCall, mapBounded, sqliteExec, startOpenStackService } from './openstack-service.js';

/** One floating IP a seed helper created. */
export interface SeededFloatingIp {
  readonly id: string;
  readonly address: string;
  readonly status: 'ACTIVE' | 'DOWN';
  readonly projectId: string;
  readonly networkId: string;
}

/** Options of {@link NeutronService.createFloatingIps}. */
export interface CreateFloatingIpsOptions {
  /** How many of them are set ACTIVE (in Neutron's DB: only an L3 agent would); the rest stay DOWN. Default 0. */
  readonly active?: number;
  /** The external network they come from, created (flat, 10.250.0.0/16) when missing. Default `ceilo-public`. */
  readonly network?: string;
  /** Requests in flight (default 2: Neutron runs its API in one eventlet process on sqlite). */
  readonly concurrency?: number;
}

/** A real Neutron server (ML2 without agents, L3 router plugin) for integration tests. */
export interface NeutronService extends OpenStackService {
  /** Creates `count` floating IPs as admin on an external network. */
  createFloatingIps(count: number, options?: CreateFloatingIpsOptions): Promise<SeededFloatingIp[]>;
}

/**
 * A Neutron server for a test: the run's shared one when `CEILO_TEST_NEUTRON_ENV` names its
 * service.env (scripts/test-all.sh), else a private one from `scripts/services/start-neutron.sh` on a
 * free port behind `keystone` (6-15 s; the DB cache skips the schema creation).
 */
export async function startNeutron(options: StartOpenStackServiceOptions = {}): Promise<NeutronService> {
  const base = await startOpenStackService({ script: 'start-neutron', sharedEnvVar: 'CEILO_TEST_NEUTRON_ENV', urlKey: 'NEUTRON_URL', portVars: ['NEUTRON_PORT'] }, options);
  const db = base.env['NEUTRON_DB']!;
  return {
    ...base,
    createFloatingIps: async (count, opts = {}) => {
      const { token } = await base.keystone.token();
      const api = `${base.url}/v2.0`;
      const name = opts.network ?? 'ceilo-public';
      const found = await adminCall(token, 'GET', `${api}/networks?name=${encodeURIComponent(name)}`);
      let networkId = (found.body as { networks: { id: string }[] }).networks[0]?.id;
      if (!networkId) {
        const net = await adminCall(token, 'POST', `${api}/networks`, {
          network: { name, 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': name },
        });
        networkId = (net.body as { network: { id: string } }).network.id;
        await adminCall(token, 'POST', `${api}/subnets`, {
          subnet: { name: `${name}-v4`, network_id: networkId, ip_version: 4, cidr: '10.250.0.0/16', enable_dhcp: false },
        });
      }
      const created = await mapBounded(Array.from({ length: count }), opts.concurrency ?? 2, async () => {
        const res = await adminCall(token, 'POST', `${api}/floatingips`, { floatingip: { floating_network_id: networkId } });
        const fip = (res.body as { floatingip: { id: string; floating_ip_address: string; project_id: string } }).floatingip;
        return { id: fip.id, address: fip.floating_ip_address, projectId: fip.project_id, networkId: networkId! };
      });
      const active = opts.active ?? 0;
      const out = created.map((f, i): SeededFloatingIp => ({ ...f, status: i < active ? 'ACTIVE' : 'DOWN' }));
      if (active > 0) {
        await sqliteExec(db, [{ sql: "UPDATE floatingips SET status = 'ACTIVE' WHERE id = ?", rows: out.filter((f) => f.status === 'ACTIVE').map((f) => [f.id]) }]);
      }
      return out;
    },
  };
}
