/**
 * @ceilometer-ts/pollsters-network: `ip.floating` and `network.services.{vpn,vpn.connections,firewall,
 * firewall.policy}` (`ceilometer.poll.central`) and the Neutron
 * discoveries `fip_services`, `vpn_services`, `ipsec_connections`, `fw_services`, `fw_policy`
 * (`ceilometer.discover.central`).
 */
export * from './status.js';
export * from './discovery.js';
export * from './floating-ip.js';
export * from './services.js';
