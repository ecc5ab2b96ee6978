/**
 * What `ceilometer-plugins check` does with one entry point: import it, then make its object the
 * way the agents do (same context, same invokeArgs, `setup()` included), so a constructor that
 * throws or a plugin that cannot be injected fails here and not in the agent. Entry points the
 * agents construct only with operator input (a publisher URL, transformer parameters) are imported
 * and checked to be constructible.
 */
import { createPluginContext, instantiate, isExtensionLoadError, type EntryPoint, type PluginContextInit } from '@ceilometer-ts/core';
import { Namespaces } from '@ceilometer-ts/sdk';

/** How an entry point is made: the agents' invokeArgs, or why only its import is checked. */
export type Construction = { readonly invokeArgs: readonly unknown[] } | { readonly importOnly: string };

/** The result for one entry point. */
export type EntryPointCheck =
  | { readonly status: 'ok'; readonly detail: string }
  | { readonly status: 'skip'; readonly detail: string }
  | { readonly status: 'fail'; readonly detail: string };

/** What the agents pass to each namespace's constructors; `endpointContext` is the notification agent's. */
export function constructionFor(namespace: string, endpointContext: unknown): Construction {
  if (/^ceilometer\.(poll|builder\.poll|discover)\./.test(namespace)) return { invokeArgs: [] };
  switch (namespace) {
    case Namespaces.hardwareInspectors:
    case Namespaces.computeVirt:
      return { invokeArgs: [] };
    case Namespaces.sampleEndpoint:
      return { invokeArgs: [endpointContext] };
    case Namespaces.samplePublisher:
    case Namespaces.eventPublisher:
      return { importOnly: 'constructed per publisher URL in pipeline.yaml' };
    case Namespaces.transformer:
      return { importOnly: 'constructed with its pipeline.yaml parameters' };
    case Namespaces.eventTraitPlugin:
      return { importOnly: 'constructed per trait with its parameters' };
    case Namespaces.configOpts:
      return { importOnly: 'option declarations' };
    case Namespaces.coordination:
      return { importOnly: 'constructed with [coordination] backend_url' };
    default:
      return { importOnly: 'namespace not constructed by the agents' };
  }
}

const messageOf = (err: unknown): string => {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error && !err.message.includes(err.cause.message) ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
};

async function closeQuietly(obj: unknown): Promise<void> {
  const close = (obj as { close?: unknown } | null)?.close;
  if (typeof close !== 'function') return;
  try {
    await (close as () => unknown).call(obj);
  } catch {
    // the object was made only to see that it can be; a failing close is not the check's concern
  }
}

/** Imports and (when the agents would) constructs one entry point with `context`; never rejects. */
export async function checkEntryPoint(ep: EntryPoint, construction: Construction, context: Omit<PluginContextInit, 'entryPoint'>): Promise<EntryPointCheck> {
  let plugin: unknown;
  try {
    plugin = await ep.load();
  } catch (err) {
    return { status: 'fail', detail: messageOf(err) };
  }
  if ('importOnly' in construction) {
    if (ep.namespace === Namespaces.configOpts || typeof plugin === 'function') return { status: 'ok', detail: `imported (${construction.importOnly})` };
    return { status: 'fail', detail: `${ep.packageName}@${ep.packageVersion} ${ep.namespace}/${ep.name}: the export is ${plugin === null ? 'null' : typeof plugin}, not a class or function` };
  }
  try {
    const obj = await instantiate(plugin, ep, construction.invokeArgs, createPluginContext({ ...context, entryPoint: ep }));
    let detail = 'constructed';
    // A builder is asked for its pollsters, as the polling agent does (definitions files are read).
    const build = (obj as { buildPollsters?: unknown } | null)?.buildPollsters;
    if (ep.namespace.startsWith('ceilometer.builder.poll.') && typeof build === 'function') {
      const built = (await (build as () => unknown).call(obj)) as readonly unknown[] | undefined;
      detail = `constructed, built ${built?.length ?? 0} pollster(s)`;
    }
    await closeQuietly(obj);
    return { status: 'ok', detail };
  } catch (err) {
    if (isExtensionLoadError(err)) return { status: 'skip', detail: `skipped by the plugin: ${messageOf(err)}` };
    return { status: 'fail', detail: messageOf(err) };
  }
}
