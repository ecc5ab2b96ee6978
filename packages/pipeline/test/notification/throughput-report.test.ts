import { describe, expect, it } from 'vitest';
import { NotificationAgent, TelemetryPollingEndpoint, type NotificationSettings } from '../../src/index.js';
import { recordingLogger } from '../helpers/fakes.js';
import { FakeConsumers, FakeSamplePublisher, notificationSettings, pollingMessage } from './helpers.js';

const settings: NotificationSettings = notificationSettings({ priorities: ['info', 'sample'] });

const throughputLines = (lines: readonly string[]): string[] => lines.filter((l) => l.includes('notification throughput'));

describe('the notification agent throughput line', () => {
  it('is one INFO line per interval with the interval\'s counts and rates, zeros when idle', async () => {
    const logger = recordingLogger();
    const consumers = new FakeConsumers();
    const agent = new NotificationAgent({
      settings, consumers: consumers.factory, logger, throughputReportIntervalMs: 150,
      load: async () => ({ samples: { endpoints: [new TelemetryPollingEndpoint()], publisher: new FakeSamplePublisher() } }),
    });
    await agent.start();
    await consumers.deliver(pollingMessage(3));
    await consumers.deliver(pollingMessage(2));
    await new Promise((r) => setTimeout(r, 200));
    const first = throughputLines(logger.lines);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^info: notification throughput over the last 0\.\ds: 2 message\(s\) \([\d.]+\/s\), 5 sample\(s\) \([\d.]+\/s\) and 0 event\(s\) \(0\/s\) through the pipelines, 0 item\(s\) published; 0 dropped, 0 dead-lettered, 0 requeued; 0 item\(s\) in 0 batch\(es\) held in delivery queues$/);
    await new Promise((r) => setTimeout(r, 150));
    // idle: the line still comes (liveness), with zeros
    expect(throughputLines(logger.lines).at(-1)).toMatch(/: 0 message\(s\) \(0\/s\), 0 sample\(s\) \(0\/s\)/);
    await agent.stop();
    const count = throughputLines(logger.lines).length;
    await new Promise((r) => setTimeout(r, 200));
    expect(throughputLines(logger.lines)).toHaveLength(count);
  });

  it('is off with an interval of 0', async () => {
    const logger = recordingLogger();
    const consumers = new FakeConsumers();
    const agent = new NotificationAgent({
      settings, consumers: consumers.factory, logger, throughputReportIntervalMs: 0,
      load: async () => ({ samples: { endpoints: [new TelemetryPollingEndpoint()], publisher: new FakeSamplePublisher() } }),
    });
    await agent.start();
    await new Promise((r) => setTimeout(r, 50));
    await agent.stop();
    expect(throughputLines(logger.lines)).toEqual([]);
  });
});
