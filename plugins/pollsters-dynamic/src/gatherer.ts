/**
 * Gathering the entries of a definition for one resource (upstream's PollsterSampleGatherer and
 * its non-OpenStack and host-command variants): request, parse with the response handlers, take
 * the entries, follow `next_sample_url_attribute`, and set `user_id`, `project_id` and `id` from
 * the `*_id_attribute` paths.
 */
import type { OpenStackSession } from '@ceilometer-ts/openstack-client';
import type { DynamicPollsterDefinition } from './definition.js';
import { AttributePath } from './attribute-path.js';
import { AttributeMissingError, DynamicPollsterError } from './errors.js';
import { runHostCommand } from './host-command.js';
import { handleResponse, type ResponseBody } from './response-handlers.js';
import { renderTemplate } from './template.js';

/** One entry of a response, as a dict (mutated by the id attributes, as upstream does). */
export type Entry = Record<string, unknown>;

/** What gathering needs from the agent. */
export interface GatherRuntime {
  /** The Keystone session of `[service_credentials]`; null when none is configured. */
  session(): Promise<OpenStackSession | null>;
  readonly allowedCommands: ReadonlySet<string>;
}

const SWEEP_AT = 10_000;

/** Responses kept `extra_metadata_fields_cache_seconds` (only extra metadata definitions cache). */
export class ResponseCache {
  readonly #entries = new Map<string, { readonly value: unknown; readonly expires: number }>();
  constructor(private readonly now: () => number = Date.now) {}
  get(key: string): unknown {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    if (hit.expires >= this.now()) return hit.value;
    this.#entries.delete(key);
    return undefined;
  }
  set(key: string, value: unknown, ttlSeconds: number): void {
    const now = this.now();
    // Expired entries leave when read; past this many, a write sweeps them all (one URL per project or resource).
    if (this.#entries.size >= SWEEP_AT) for (const [k, e] of this.#entries) if (e.expires < now) this.#entries.delete(k);
    this.#entries.set(key, { value, expires: now + ttlSeconds * 1000 });
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** A repeated page target ends the listing; this many pages at most per resource. */
const MAX_PAGES = 10_000;

/** Options of one gathering. */
export interface GatherRequest {
  readonly resource: unknown;
  /** Names url_path and host_command templates see (base_metadata). */
  readonly names: Readonly<Record<string, unknown>>;
  readonly signal: AbortSignal;
  /** Cache and its TTL in seconds (0: no caching). */
  readonly cache?: ResponseCache;
  readonly cacheSeconds?: number;
}

function joinUrl(base: string, path: string): string {
  return new URL(path, base.endsWith('/') ? base : `${base}/`).toString();
}

const hasNetloc = (url: string): boolean => /^[a-z][a-z0-9+.-]*:\/\/[^/]/i.test(url);

/** The request target: a URL or a command line. */
function target(def: DynamicPollsterDefinition, request: GatherRequest, next: string | null): string {
  if (def.kind === 'host-command') return renderTemplate(next ?? def.hostCommand!, request.names);
  if (def.kind === 'non-openstack') {
    const endpoint = def.urlPath!;
    const path = next ?? endpoint;
    if (path === endpoint || hasNetloc(path)) return path;
    return joinUrl(endpoint, path);
  }
  if (next !== null && hasNetloc(next)) return next;
  const endpoint = request.resource;
  if (typeof endpoint !== 'string') throw new DynamicPollsterError(`resource ${String(endpoint)} is not an endpoint URL`);
  return joinUrl(endpoint, next ?? renderTemplate(def.urlPath!, request.names));
}

function timeoutSignal(def: DynamicPollsterDefinition, signal: AbortSignal): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(Math.max(1, def.timeoutSeconds * 1000))]);
}

async function fetchBody(def: DynamicPollsterDefinition, runtime: GatherRuntime, request: GatherRequest, where: string): Promise<ResponseBody> {
  const signal = timeoutSignal(def, request.signal);
  if (def.kind === 'host-command') return { text: await runHostCommand(where, runtime.allowedCommands, def.timeoutSeconds * 1000, signal) };
  if (def.kind === 'non-openstack') {
    // Credentials: authentication_parameters, else what the `barbican` discovery found.
    const credentials = def.authenticationParameters || (typeof request.resource === 'string' ? request.resource : String(request.resource));
    const res = await fetch(where, { headers: { ...def.headers, ...def.authenticator!.headersFor(credentials) }, signal });
    const text = await res.text();
    if (res.status !== 200) throw new DynamicPollsterError(`error while executing request [${where}]: status [${res.status}] and reason [${res.statusText}]`);
    return { text };
  }
  const session = await runtime.session();
  if (!session) throw new DynamicPollsterError('no [service_credentials] configured for an OpenStack dynamic pollster');
  const res = await session.request(def.endpointType ?? 'dynamic', where, { ...(def.headers ? { headers: def.headers } : {}), signal });
  return typeof res.body === 'string' ? { text: res.body } : { text: JSON.stringify(res.body), parsedJson: res.body };
}

/** Python's len() of a parsed response. */
function entrySize(response: unknown): number {
  if (typeof response === 'string' || Array.isArray(response)) return response.length;
  if (response !== null && typeof response === 'object') return Object.keys(response).length;
  throw new DynamicPollsterError(`response of type ${typeof response} has no entries`);
}

function entriesOf(def: DynamicPollsterDefinition, response: unknown): Entry[] {
  let entries: unknown = response;
  if (!Array.isArray(response)) {
    const key = def.responseEntriesKey ?? AttributePath.compile(Object.keys(response as object)[0] ?? '.');
    entries = key.read(response);
  }
  const list = Array.isArray(entries) ? entries : [entries];
  return list.map((e) => (e !== null && typeof e === 'object' && !Array.isArray(e) ? (e as Entry) : { value: e }));
}

function nextTarget(def: DynamicPollsterDefinition, response: unknown): string | null {
  if (!def.nextSampleUrlAttribute) return null;
  try {
    const next = def.nextSampleUrlAttribute.read(response);
    return typeof next === 'string' && next ? next : null;
  } catch (err) {
    if (err instanceof AttributeMissingError) return null;
    throw err;
  }
}

/** Sets `user_id`, `project_id` and `id` from the definition's attribute paths. */
function applyIdAttributes(def: DynamicPollsterDefinition, entry: Entry): void {
  const apply = (path: AttributePath, key: string): void => {
    // The OpenStack variants skip an attribute named as its field; the non-OpenStack one reads it anyway.
    if (def.kind !== 'non-openstack' && path.source === key) return;
    entry[key] = path.read(entry);
  };
  apply(def.userIdAttribute, 'user_id');
  apply(def.projectIdAttribute, 'project_id');
  apply(def.resourceIdAttribute, 'id');
}

/** Every entry of every page for one resource. */
export async function gatherEntries(def: DynamicPollsterDefinition, runtime: GatherRuntime, request: GatherRequest): Promise<Entry[]> {
  const all: Entry[] = [];
  const seen = new Set<string>();
  let next: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const where = target(def, request, next);
    if (seen.has(where)) break;
    seen.add(where);
    let response = request.cache?.get(where);
    if (response === undefined) {
      response = handleResponse(await fetchBody(def, runtime, request, where), def.responseHandlers, where);
      if (request.cache && request.cacheSeconds) request.cache.set(where, response, request.cacheSeconds);
    }
    if (entrySize(response) === 0) break;
    const entries = entriesOf(def, response);
    for (const entry of entries) applyIdAttributes(def, entry);
    all.push(...entries);
    next = nextTarget(def, response);
    if (next === null) break;
  }
  return all;
}
