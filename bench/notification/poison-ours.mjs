#!/usr/bin/env node
/**
 * One measured run of ours (child of poison.mjs): a `magnum.bay.metrics.update` with N metrics,
 * encoded and decoded as on the wire, through the bundled meters.yaml `meter` endpoint and
 * processBatch into one publisher (`file:` path, or `test` to hold the samples), work budget off.
 * Prints one JSON line. argv: ROOT N PUBLISHER(file:PATH|test)
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const [root, n, publisherArg] = process.argv.slice(2);
const count = Number(n);
const imp = (p) => import(join(root, p));
const { encodeMessageBody, decodeMessageBody } = await imp('packages/messaging/dist/index.js');
const pipeline = await imp('packages/pipeline/dist/index.js');
const { silentLogger, MapServiceRegistry } = await imp('packages/sdk/dist/index.js');

const message = {
  message_id: 'bench-magnum', publisher_id: 'magnum.conductor.host-1', event_type: 'magnum.bay.metrics.update', priority: 'INFO',
  timestamp: '2016-03-11 10:36:05.194913', _context_user_id: 'fake_user', _context_project_id: 'fake_project',
  payload: {
    user_id: 'fake_user', project_id: 'fake_project', resource_id: '5d12f6fd-a196-4bf0-ae4c-1f639a523a55',
    metrics: Array.from({ length: count }, (_, i) => ({ name: `bay.metric.${String(i).padStart(5, '0')}`, value: 1000 + i + 0.5, unit: '%' })),
  },
};
const body = encodeMessageBody(message);
const decoded = decodeMessageBody(body);

const held = [];
let publisher;
if (publisherArg.startsWith('file:')) {
  const { FilePublisher } = await imp('plugins/publisher-file/dist/index.js');
  const file = new FilePublisher({ logger: silentLogger, services: new MapServiceRegistry() }, `file://${publisherArg.slice(5)}`);
  publisher = { publishSamples: async (s) => (await file.publishSamples(s), { published: s.length, failures: [] }), close: () => file.close() };
} else {
  publisher = { publishSamples: async (s) => (held.push(...s), { published: s.length, failures: [] }), close: async () => {} };
}
const meters = pipeline.MeterDefinitions.loadFromDirs([pipeline.BUNDLED_METER_DEFINITIONS_DIR]);
const processing = { samples: { endpoints: [new pipeline.MeterNotificationEndpoint(meters)], publisher } };
const stats = pipeline.emptyProcessStats();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = await pipeline.processBatch([{ message: decoded.message, context: decoded.context, body }], processing, {
  ackOnEventError: true, logger: silentLogger, stats, budget: { maxSamples: 0, maxMetadataBytes: 0 },
});
await publisher.close();
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
console.log(JSON.stringify({ result, samples: stats.samples, messageBytes: body.length, wallS: wall, cpuS: (cpu.user + cpu.system) / 1e6, peakRssMiB: hwm, held: held.length }));
