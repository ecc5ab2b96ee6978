/** The partitioned notification agents' scenario (notification-partitioning-scenario.ts) with etcd as the coordination backend. */
import { startEtcd } from '@ceilometer-ts/test-services';
import { describePartitionedNotificationAgents } from './notification-partitioning-scenario.js';

describePartitionedNotificationAgents('etcd', async () => {
  const etcd = await startEtcd();
  return { url: etcd.url, stop: () => etcd.stop() };
});
