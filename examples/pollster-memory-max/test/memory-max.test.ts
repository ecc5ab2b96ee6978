/**
 * The memory.max pollster against a fake compute inspector: samples and their metadata, the
 * fallback to the domain list, instances gone or shut off, an inspector without the data, an
 * unreachable hypervisor, an agent without compute support, and construction through the sdk's DI.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ComputeInspectorError,
  ExtensionLoadError,
  InspectorNoDataError,
  InstanceNotFoundError,
  InstanceShutOffError,
  PLUGIN_CONTEXT,
  container,
  type PluginContext,
} from '@ceilometer-ts/sdk';
import { MemoryMaxPollster, METER } from '../src/index.js';
import { collect, FakeInspector, instance, pluginContext, pollCycle, recordingLogger } from './fakes.js';

describe('MemoryMaxPollster', () => {
  it('yields memory.max per instance: gauge, MB, resource id = instance id, upstream metadata keys', async () => {
    const inspector = new FakeInspector({ 'uuid-1': { memoryMax: 2048, memoryUsage: 512 }, 'uuid-2': { memoryMax: 4096 } });
    const pollster = new MemoryMaxPollster(pluginContext(inspector));
    await pollster.setup();
    expect(pollster.defaultDiscovery).toBe('local_instances');
    const cycle = pollCycle();
    const samples = await collect(pollster.getSamples(cycle, [instance('uuid-1'), instance('uuid-2', { userId: 'user-2', tenantId: 'project-2' })]));
    expect(samples.map((s) => [s.name, s.type, s.unit, s.volume, s.resource_id, s.user_id, s.project_id, s.timestamp])).toEqual([
      [METER, 'gauge', 'MB', 2048, 'uuid-1', 'user-1', 'project-1', cycle.timestamp],
      [METER, 'gauge', 'MB', 4096, 'uuid-2', 'user-2', 'project-2', cycle.timestamp],
    ]);
    expect(samples[0]!.resource_metadata).toEqual({
      display_name: 'vm-uuid-1',
      name: 'instance-uuid-1',
      instance_id: 'uuid-1',
      instance_type: 'm1.small',
      host: 'a1b2c3',
      instance_host: 'compute-1',
      flavor: { id: 'f1', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20, ephemeral: 5, swap: 0 },
      status: 'active',
      state: 'active',
      task_state: '',
      image: { id: 'image-1', links: [{ rel: 'bookmark', href: 'http://nova/images/image-1' }] },
      image_ref: 'image-1',
      image_ref_url: 'http://nova/images/image-1',
      architecture: 'x86_64',
      os_type: 'hvm',
      vcpus: 1,
      memory_mb: 2048,
      disk_gb: 20,
      ephemeral_gb: 5,
      root_gb: 15,
    });
  });

  it('adds the reserved server metadata as user_metadata, as [DEFAULT] reserved_metadata_* say', async () => {
    const inspector = new FakeInspector({ a: { memoryMax: 1024 } });
    const serverMetadata = { 'metering.stack': 'web', 'metering.long.name': 'x'.repeat(10), 'billing': 'gold', 'other': 'no' };
    const defaults = new MemoryMaxPollster(pluginContext(inspector));
    const [plain] = await collect(defaults.getSamples(pollCycle(), [instance('a', { metadata: serverMetadata })]));
    expect(plain!.resource_metadata['user_metadata']).toEqual({ stack: 'web', long_name: 'xxxxxxxxxx' });
    const configured = new MemoryMaxPollster(pluginContext(inspector, recordingLogger(), { reserved_metadata_length: 4, reserved_metadata_keys: ['billing'] }));
    const [sample] = await collect(configured.getSamples(pollCycle(), [instance('a', { metadata: serverMetadata })]));
    expect(sample!.resource_metadata['user_metadata']).toEqual({ stack: 'web', long_name: 'xxxx', billing: 'gold' });
  });

  it('a volume-booted instance has null image keys; one without a flavor has no flavor sizes', async () => {
    const inspector = new FakeInspector({ v: { memoryMax: 1024 } });
    const pollster = new MemoryMaxPollster(pluginContext(inspector));
    const [sample] = await collect(pollster.getSamples(pollCycle(), [instance('v', { image: null, flavor: null })]));
    expect(sample!.resource_metadata).toMatchObject({ image: null, image_ref: null, image_ref_url: null, instance_type: null, flavor: null });
    expect(sample!.resource_metadata).not.toHaveProperty('memory_mb');
  });

  it('falls back to the domain\'s <memory> from the domain list when the statistics have no maximum', async () => {
    const domain = { uuid: 'uuid-1', name: 'instance-uuid-1', state: 1, osType: 'hvm', arch: 'x86_64', maxMemoryKiB: 1_048_576, nova: null };
    const inspector = new FakeInspector({ 'uuid-1': { powerState: 1 }, 'uuid-2': { powerState: 1 } }, [domain]);
    const logger = recordingLogger();
    const pollster = new MemoryMaxPollster(pluginContext(inspector, logger));
    const samples = await collect(pollster.getSamples(pollCycle(), [instance('uuid-1'), instance('uuid-2')]));
    expect(samples.map((s) => [s.resource_id, s.volume])).toEqual([['uuid-1', 1024]]);
    expect(logger.records).toEqual([{ level: 'debug', msg: 'memory.max: no maximum memory for instance uuid-2' }]);
  });

  it('skips instances gone or shut off since discovery at debug level and polls the others', async () => {
    const inspector = new FakeInspector({
      gone: new InstanceNotFoundError('domain gone not found'),
      off: new InstanceShutOffError('domain off is shut off'),
      up: { memoryMax: 512 },
    });
    const logger = recordingLogger();
    const pollster = new MemoryMaxPollster(pluginContext(inspector, logger));
    const samples = await collect(pollster.getSamples(pollCycle(), [instance('gone'), instance('off'), instance('up')]));
    expect(samples.map((s) => s.resource_id)).toEqual(['up']);
    expect(logger.records.map((r) => r.level)).toEqual(['debug', 'debug']);
  });

  it('says once that the inspector cannot give the data, then polls nothing more', async () => {
    const inspector = new FakeInspector({ a: new InspectorNoDataError('no balloon statistics'), b: { memoryMax: 1 } });
    const logger = recordingLogger();
    const pollster = new MemoryMaxPollster(pluginContext(inspector, logger));
    for (let cycle = 0; cycle < 3; cycle++) expect(await collect(pollster.getSamples(pollCycle(), [instance('a'), instance('b')]))).toEqual([]);
    expect(logger.records).toEqual([{ level: 'warn', msg: 'memory.max is not supported by the fake inspector (no balloon statistics); not polled again until restart' }]);
    expect(inspector.calls).toEqual(['inspectInstance a']);
  });

  it('lets an unreachable hypervisor fail the pollster for the cycle (the agent logs it)', async () => {
    const pollster = new MemoryMaxPollster(pluginContext(new FakeInspector({ a: new ComputeInspectorError('libvirtd did not answer in 5 s') })));
    await expect(collect(pollster.getSamples(pollCycle(), [instance('a')]))).rejects.toThrow('libvirtd did not answer in 5 s');
  });

  it('is skipped quietly (ExtensionLoadError from setup) in an agent without a compute inspector service', async () => {
    const pollster = new MemoryMaxPollster(pluginContext());
    await expect(pollster.setup()).rejects.toBeInstanceOf(ExtensionLoadError);
  });

  it('is constructed by the sdk\'s container with the plugin context injected, as the agent does', async () => {
    const inspector = new FakeInspector({ a: { memoryMax: 256 } });
    const child = container.createChildContainer();
    child.register<PluginContext>(PLUGIN_CONTEXT, { useValue: pluginContext(inspector) });
    const pollster = child.resolve(MemoryMaxPollster);
    expect((await collect(pollster.getSamples(pollCycle(), [instance('a')]))).map((s) => s.volume)).toEqual([256]);
  });

  it('declares its entry point in package.json, version 0.1.0', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string; ceilometer: { entryPoints: Record<string, Record<string, string>> } };
    expect(pkg.version).toBe('0.1.0');
    expect(pkg.ceilometer.entryPoints).toEqual({ 'ceilometer.poll.compute': { [METER]: './dist/memory-max.js:MemoryMaxPollster' } });
  });
});
