/**
 * Extensions made by hand, for `forTesting` managers (stevedore's `make_test_instance`).
 */
import type { EntryPoint, Extension } from './types.js';

/** Options of {@link makeTestExtension}. */
export interface TestExtensionOptions {
  /** The export the extension pretends to come from; defaults to the object's constructor. */
  readonly plugin?: unknown;
  readonly namespace?: string;
  readonly packageName?: string;
  readonly packageVersion?: string;
}

/** An extension wrapping `obj`, with an entry point that needs no package on disk. */
export function makeTestExtension<T>(name: string, obj: T, options: TestExtensionOptions = {}): Extension<T> {
  const plugin = options.plugin ?? (obj as { constructor?: unknown } | null)?.constructor ?? obj;
  const entryPoint: EntryPoint = Object.freeze({
    namespace: options.namespace ?? 'TESTING',
    name,
    packageName: options.packageName ?? '(test)',
    packageVersion: options.packageVersion ?? '0.0.0',
    target: `(test):${name}`,
    packageDir: '',
    modulePath: '(test)',
    exportName: name,
    origin: 'test',
    load: () => Promise.resolve(plugin),
  });
  return Object.freeze({ name, entryPoint, plugin, obj });
}
