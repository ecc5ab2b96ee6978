import { PluginRegistry } from '@ceilometer-ts/core';
import { notificationSettingsFromConfig } from '@ceilometer-ts/pipeline';
import { silentLogger, type Logger } from '@ceilometer-ts/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CoordinatedPartitionOwnership, NOTIFICATION_GROUP, partitionRefreshIntervalMs, type PartitionCoordinator } from '../src/notification/partition-ownership.js';
import { notificationPartitioning } from '../src/notification/partitioning.js';
import { agentFiles } from './agent-notification-helpers.js';

/** Keeps `level: message` of every warn and error call. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (first: unknown, msg?: unknown): void => void lines.push(`${level}: ${String(typeof first === 'string' ? first : msg)}`);
  const logger = { ...silentLogger, lines, warn: at('warn'), error: at('error'), child: () => logger };
  return logger as unknown as Logger & { lines: string[] };
}

/** A coordinator whose ring gives this member the partitions in `mine`. */
class FakeCoordinator implements PartitionCoordinator {
  mine = new Set<number>();
  refreshes = 0;
  stopped = 0;
  joined: string[] = [];
  #listener: ((change: { group: string }) => void) | undefined;
  async joinGroup(group: string): Promise<void> {
    this.joined.push(group);
  }
  partitioner(): { belongsToSelf(key: string): boolean } {
    return { belongsToSelf: (key) => this.mine.has(Number(key)) };
  }
  onMembershipChange(listener: (change: { group: string }) => void): () => void {
    this.#listener = listener;
    return () => (this.#listener = undefined);
  }
  change(group = NOTIFICATION_GROUP): void {
    this.#listener?.({ group });
  }
  async refresh(): Promise<void> {
    this.refreshes++;
  }
  async stop(): Promise<void> {
    this.stopped++;
  }
}

afterEach(() => vi.useRealTimers());

describe('CoordinatedPartitionOwnership', () => {
  it('joins ceilometer.notification.v2 and reports this agent\'s partitions at first and at every change of them', async () => {
    vi.useFakeTimers();
    const coordinator = new FakeCoordinator();
    coordinator.mine = new Set([1, 4]);
    const seen: number[][] = [];
    const ownership = new CoordinatedPartitionOwnership({ coordinator, partitions: 6, refreshIntervalMs: 1000, logger: recordingLogger() });
    await ownership.start((owned) => seen.push([...owned]));
    expect(coordinator.joined).toEqual(['ceilometer.notification.v2']);
    coordinator.change(); // same share: nothing to report
    coordinator.change('central-global');
    coordinator.mine = new Set([1, 4, 5]);
    coordinator.change();
    coordinator.mine = new Set([0]);
    await vi.advanceTimersByTimeAsync(1000); // the periodic refresh finds it
    expect(coordinator.refreshes).toBe(1);
    expect(seen).toEqual([[1, 4], [1, 4, 5], [0]]);
    await ownership.stop();
    expect(coordinator.stopped).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(coordinator.refreshes).toBe(1);
  });

  it('refreshes every third of the membership timeout, between 0.5 and 10 s', () => {
    expect([1000, 3000, 30_000, 120_000].map(partitionRefreshIntervalMs)).toEqual([500, 1000, 10_000, 10_000]);
  });
});

describe('notificationPartitioning (the command\'s wiring)', () => {
  it('is off without [notification] workload_partitioning, and ignored with a warning without a backend_url', async () => {
    const off = agentFiles('rabbit://guest:guest@127.0.0.1:1//', 'sources: []\nsinks: []\n');
    const on = agentFiles('rabbit://guest:guest@127.0.0.1:1//', 'sources: []\nsinks: []\n', ['workload_partitioning = true']);
    try {
      const logger = recordingLogger();
      expect(await notificationPartitioning(off.config, PluginRegistry.fromEntryPoints([]), notificationSettingsFromConfig(off.config), logger)).toBeUndefined();
      expect(await notificationPartitioning(on.config, PluginRegistry.fromEntryPoints([]), notificationSettingsFromConfig(on.config), logger)).toBeUndefined();
      expect(logger.lines.filter((l) => l.includes('workload_partitioning'))).toEqual([
        'warn: [notification] workload_partitioning is true but [coordination] backend_url is empty: this agent transforms every sample itself, as without partitioning',
      ]);
    } finally {
      off.cleanup();
      on.cleanup();
    }
  });

  it('reads the pipeline_processing_queues option with upstream\'s default', () => {
    const files = agentFiles('rabbit://guest:guest@127.0.0.1:1//', 'sources: []\nsinks: []\n', ['workload_partitioning = true', 'pipeline_processing_queues = 4']);
    try {
      expect(notificationSettingsFromConfig(files.config)).toMatchObject({ workloadPartitioning: true, pipelineProcessingQueues: 4 });
    } finally {
      files.cleanup();
    }
  });
});
