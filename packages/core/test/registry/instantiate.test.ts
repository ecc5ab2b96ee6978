import { describe, expect, it } from 'vitest';
import {
  CONFIG, ExtensionLoadError, inject, injectable, INVOKE_ARGS, LOGGER, PLUGIN_CONTEXT, PluginImportError, SERVICES,
  type ConfigView, type Logger, type PluginContext, type ServiceRegistry,
} from '@ceilometer-ts/sdk';
import { createPluginContext, getDefaultRegistry, instantiate, isInjectable, makeTestExtension, PluginRegistry, setDefaultRegistry, ExtensionManager } from '../../src/registry/index.js';
import { recordingLogger } from './helpers.js';

@injectable()
class Decorated {
  constructor(
    @inject(PLUGIN_CONTEXT) readonly ctx: PluginContext,
    @inject(CONFIG) readonly config: ConfigView,
    @inject(LOGGER) readonly logger: Logger,
    @inject(SERVICES) readonly services: ServiceRegistry,
    @inject(INVOKE_ARGS) readonly args: readonly unknown[],
  ) {}
}

class Plain {
  readonly args: unknown[];
  constructor(...args: unknown[]) {
    this.args = args;
  }
}

const ep = makeTestExtension('thing', null, { namespace: 'test.ns', packageName: 'pkg' }).entryPoint;

describe('instantiate', () => {
  it('resolves a tsyringe @injectable class through a child container with the context tokens', async () => {
    const logger = recordingLogger();
    const ctx = createPluginContext({ logger, entryPoint: ep });
    expect(isInjectable(Decorated)).toBe(true);
    const obj = (await instantiate(Decorated, ep, [1, 'two'], ctx)) as Decorated;
    expect(obj.ctx).toBe(ctx);
    expect(obj.config).toBe(ctx.config);
    expect(obj.services).toBe(ctx.services);
    expect(obj.args).toEqual([1, 'two']);
    obj.logger.warn('w');
    expect(logger.records[0]?.fields).toEqual({ pkg: 'pkg', ns: 'test.ns', ep: 'thing' });
  });

  it('constructs plain classes and calls functions with invokeArgs, awaiting async factories', async () => {
    const ctx = createPluginContext();
    expect(isInjectable(Plain)).toBe(false);
    expect(await instantiate(Plain, ep, ['a'], ctx)).toEqual(new Plain('a'));
    expect(await instantiate((x: number) => ({ x }), ep, [3], ctx)).toEqual({ x: 3 });
    expect(await instantiate(async (x: number) => ({ y: x }), ep, [4], ctx)).toEqual({ y: 4 });
  });

  it('passes ExtensionLoadError through and wraps other failures', async () => {
    const ctx = createPluginContext();
    const skip = () => { throw new ExtensionLoadError('not here'); };
    await expect(instantiate(skip, ep, [], ctx)).rejects.toBeInstanceOf(ExtensionLoadError);
    const failingSetup = () => ({ setup: async () => { throw new Error('nope'); } });
    const err = await instantiate(failingSetup, ep, [], ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginImportError);
    expect((err as Error).message).toBe('pkg@0.0.0 test.ns/thing ((test):thing): setup() failed: nope');
    expect(((err as Error).cause as Error).message).toBe('nope');
  });

  it('gives a context with an empty config and fresh services by default', () => {
    const ctx = createPluginContext();
    expect(() => ctx.config.get('DEFAULT', 'host')).toThrow('option [DEFAULT] host is not declared');
    expect(ctx.config.group('x')).toEqual({});
    expect(ctx.services.get('x')).toBeUndefined();
    expect(Object.isFrozen(ctx)).toBe(true);
  });
});

describe('default registry', () => {
  it('is empty until set, and managers use it', async () => {
    setDefaultRegistry(undefined);
    expect(getDefaultRegistry().entryPoints('test.any')).toEqual([]);
    const registry = PluginRegistry.fromEntryPoints([{ ...ep, namespace: 'test.default', load: async () => Plain }]);
    setDefaultRegistry(registry);
    try {
      expect(getDefaultRegistry()).toBe(registry);
      const mgr = await ExtensionManager.create<Plain>({ namespace: 'test.default', invokeOnLoad: true, invokeArgs: [7] });
      expect(mgr.get('thing')?.obj?.args).toEqual([7]);
    } finally {
      setDefaultRegistry(undefined);
    }
  });
});
