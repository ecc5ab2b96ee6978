/**
 * Resource URLs (`snmp://user:key@10.0.0.5:161?priv_password=...`, `local://localhost`, or Stein's
 * discovery dicts `{resource_id, resource_url, ...}`) parsed into what the inspector and the samples
 * need, with credentials kept away from anything published (the sdk's parseHardwareResourceUrl).
 */
import { hostname as osHostname } from 'node:os';
import { parseHardwareResourceUrl, type HardwareHost, type MetadataValue } from '@ceilometer-ts/sdk';

/** A polled host: the inspector's view plus what samples carry. */
export interface PolledHost extends HardwareHost {
  /** URL scheme without `:` (`snmp`, `local`): the inspector name. */
  readonly scheme: string;
  /** Base of resource ids: the URL's host, Stein's `resource_id` of a discovery dict, or this machine's name for local://localhost. */
  readonly resourceId: string;
  /** Extra metadata from a discovery dict (never `resource_url`). */
  readonly extraMetadata: Readonly<Record<string, MetadataValue>>;
}

/**
 * Parses a resource, or returns undefined when it is neither a URL with a host nor a dict with
 * `resource_url` and `resource_id` (the pollster logs and skips it, as Stein did).
 * `localHostName` names this machine for `local://localhost` (default `os.hostname()`).
 */
export function parsePolledHost(resource: unknown, localHostName?: string): PolledHost | undefined {
  let urlText: string;
  let resourceId: string | undefined;
  let extraMetadata: Record<string, MetadataValue> = {};
  if (typeof resource === 'string') urlText = resource;
  else if (resource && typeof resource === 'object' && typeof (resource as Record<string, unknown>).resource_url === 'string') {
    const { resource_url: u, resource_id: id, ...rest } = resource as Record<string, unknown>;
    if (typeof id !== 'string' || !id) return undefined;
    urlText = u as string;
    resourceId = id;
    extraMetadata = Object.fromEntries(Object.entries(rest).filter(([, v]) => isMetadataValue(v))) as Record<string, MetadataValue>;
  } else return undefined;
  let parsed: HardwareHost;
  try {
    parsed = parseHardwareResourceUrl(urlText);
  } catch {
    return undefined;
  }
  const scheme = parsed.url.protocol.slice(0, -1).toLowerCase();
  const host = parsed.hostname.toLowerCase();
  const isLocalMachine = scheme === 'local' && host === 'localhost';
  return {
    url: parsed.url,
    scheme,
    resourceUrl: parsed.resourceUrl,
    hostname: host,
    resourceId: resourceId ?? (isLocalMachine ? localHostName || osHostname() : host),
    extraMetadata,
  };
}

function isMetadataValue(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}
