/**
 * Making an extension's object (`invokeOnLoad`): injectable classes through a tsyringe child
 * container, plain classes with `new C(...invokeArgs)`, functions called with `fn(...invokeArgs)`;
 * then an async `setup()` when the object has one.
 */
import {
  CONFIG, container, ExtensionLoadError, INJECT_TOKENS, INVOKE_ARGS, LOGGER, PLUGIN_CONTEXT, PluginImportError, SERVICES,
  type EntryPointRef, type PluginContext,
} from '@ceilometer-ts/sdk';

/** Re-exported from the sdk (where plugin authors find it) for callers of the registry. */
export { INJECT_TOKENS };

type Ctor = new (...args: unknown[]) => unknown;
type Token = symbol | string | Ctor;

const reflect = Reflect as unknown as { getOwnMetadata?: (key: string, target: object) => unknown };

/** Whether the class declares its dependencies (tsyringe metadata, or the static marker). */
export function isInjectable(fn: Function): boolean {
  if (Array.isArray((fn as unknown as Record<symbol, unknown>)[INJECT_TOKENS])) return true;
  const get = reflect.getOwnMetadata;
  return typeof get === 'function' && (get('injectionTokens', fn) !== undefined || get('design:paramtypes', fn) !== undefined);
}

function isClass(fn: Function): boolean {
  if (/^class[\s{]/.test(Function.prototype.toString.call(fn))) return true;
  const proto = (fn as { prototype?: object }).prototype;
  return proto !== undefined && Object.getOwnPropertyNames(proto).some((k) => k !== 'constructor');
}

/** Whether an error means "skip me quietly" (by code, so any copy of the sdk is recognised). */
export function isExtensionLoadError(err: unknown): boolean {
  return err instanceof ExtensionLoadError || (err as { code?: unknown } | null)?.code === 'CEILO_ERR_EXT_SKIPPED';
}

function construct(plugin: Function, invokeArgs: readonly unknown[], context: PluginContext): unknown {
  if (isInjectable(plugin)) {
    const child = container.createChildContainer();
    child.register(PLUGIN_CONTEXT, { useValue: context });
    child.register(CONFIG, { useValue: context.config });
    child.register(LOGGER, { useValue: context.logger });
    child.register(SERVICES, { useValue: context.services });
    child.register(INVOKE_ARGS, { useValue: invokeArgs });
    const tokens = (plugin as unknown as Record<symbol, unknown>)[INJECT_TOKENS];
    if (Array.isArray(tokens)) return new (plugin as Ctor)(...tokens.map((t: Token) => child.resolve(t as never)));
    return child.resolve(plugin as Ctor);
  }
  if (isClass(plugin)) return new (plugin as Ctor)(...invokeArgs);
  return (plugin as (...a: unknown[]) => unknown)(...invokeArgs);
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The extension's object. Errors other than ExtensionLoadError are wrapped in PluginImportError
 * (with the original as `cause`); an ExtensionLoadError is passed through untouched.
 */
export async function instantiate(plugin: unknown, ep: EntryPointRef, invokeArgs: readonly unknown[], context: PluginContext): Promise<unknown> {
  if (typeof plugin !== 'function') {
    throw new PluginImportError(ep, `invokeOnLoad needs a class or a function, the export is ${plugin === null ? 'null' : typeof plugin}`);
  }
  let obj: unknown;
  try {
    obj = await construct(plugin, invokeArgs, context);
  } catch (err) {
    if (isExtensionLoadError(err)) throw err;
    throw new PluginImportError(ep, `constructor failed: ${message(err)}`, { cause: err });
  }
  const setup = (obj as { setup?: unknown } | null)?.setup;
  if (typeof setup === 'function') {
    try {
      await (setup as () => unknown).call(obj);
    } catch (err) {
      if (isExtensionLoadError(err)) throw err;
      throw new PluginImportError(ep, `setup() failed: ${message(err)}`, { cause: err });
    }
  }
  return obj;
}
