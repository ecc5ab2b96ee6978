import { describe, expect, it } from 'vitest';
import { ExtensionLoadError, type EntryPointRef } from '@ceilometer-ts/sdk';
import type { EntryPoint, Extension, ManagerOptions } from '@ceilometer-ts/core';
import { loadPollingPlugins, type CreateManager } from '../src/index.js';
import { FakeDiscovery, FakePollster, recordingLogger } from './helpers/fakes.js';

const ep = (namespace: string, name: string): EntryPoint =>
  ({ namespace, name, packageName: 'pkg', packageVersion: '1.0.0', target: './x.js:X' }) as EntryPointRef as EntryPoint;

describe('loadPollingPlugins', () => {
  it('loads pollsters, builders and discoveries per namespace', async () => {
    const registry: Record<string, unknown[]> = {
      'ceilometer.poll.central': [new FakePollster('a')],
      'ceilometer.builder.poll.central': [{ buildPollsters: () => [{ name: 'built.x', pollster: new FakePollster('built.x') }] }],
      'ceilometer.discover.central': [new FakeDiscovery([])],
    };
    const seen: string[] = [];
    const createManager: CreateManager = async <T,>(opts: ManagerOptions) => {
      seen.push(opts.namespace);
      opts.onLoadFailure?.(ep(opts.namespace, 'skipped'), new ExtensionLoadError('no libvirt'));
      const objs = registry[opts.namespace] ?? [];
      const names: Record<string, string> = { 'ceilometer.poll.central': 'a', 'ceilometer.discover.central': 'local_node', 'ceilometer.builder.poll.central': 'b' };
      return {
        extensions: objs.map((obj) => ({ name: names[opts.namespace]!, entryPoint: ep(opts.namespace, 'x'), plugin: undefined, obj: obj as T }) as Extension<T>),
      };
    };
    const logger = recordingLogger();
    const loaded = await loadPollingPlugins({ namespaces: ['central', 'ipmi', 'central'], createManager, logger });
    expect(loaded.pollsters.map((p) => p.name)).toEqual(['a', 'built.x']);
    expect(loaded.discoveries.map((d) => d.name)).toEqual(['local_node']);
    expect(seen).toEqual([
      'ceilometer.poll.central', 'ceilometer.builder.poll.central', 'ceilometer.discover.central',
      'ceilometer.poll.ipmi', 'ceilometer.builder.poll.ipmi', 'ceilometer.discover.ipmi',
    ]);
    expect(logger.lines).toContain('warn: nothing installed for polling namespace ipmi');
    expect(logger.lines.some((l) => l.startsWith('warn: Duplicated values'))).toBe(true);
    expect(logger.lines).toContain('debug: Skip loading extension for skipped: no libvirt');
  });
});
