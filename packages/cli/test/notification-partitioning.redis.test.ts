/** The partitioned notification agents' scenario (notification-partitioning-scenario.ts) with Redis as the coordination backend. */
import { startRedis } from '@ceilometer-ts/test-services';
import { describePartitionedNotificationAgents } from './notification-partitioning-scenario.js';

describePartitionedNotificationAgents('Redis', async () => {
  const redis = await startRedis();
  return { url: redis.url, stop: () => redis.stop() };
});
