/**
 * @ceilometer-ts/test-services: real backing services on 127.0.0.1 for integration tests, started
 * through the project's scripts in `scripts/services/`.
 */
export * from './ports.js';
export * from './service-script.js';
export * from './rabbitmq.js';
export * from './etcd.js';
export * from './pushgateway.js';
export * from './redis.js';
export * from './snmpd.js';
export * from './libvirt.js';
export * from './libvirt-test-node.js';
export * from './openstack-stub.js';
export * from './upstream-polling.js';
export * from './private-service.js';
export * from './postgres.js';
export * from './keystone.js';
export * from './nova-api.js';
export * from './gnocchi.js';
export * from './verdaccio.js';
export * from './publish-workspace.js';
export * from './openstack-service.js';
export * from './glance.js';
export * from './cinder.js';
export * from './neutron.js';
export * from './swift.js';
export * from './upstream-central.js';
export * from './keystone-catalog.js';
export * from './ipmi-sim.js';
export * from './upstream-ipmi.js';
