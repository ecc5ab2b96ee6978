/**
 * How OpenStack list APIs say "there is more": `<key>_links` with `rel: next` (Nova, Cinder,
 * Keystone), a `next` string in the body (Glance v2), a `Link: <url>; rel="next"` header
 * (Gnocchi), or nothing, in which case a full page of `limit` items means "ask again from the last
 * item's marker" (Nova, Neutron without links).
 */
import type { HttpResponse } from './http-transport.js';

/** How to page a list call. */
export interface PageOptions {
  /** Page size sent as `limit` (the server's default when omitted). */
  readonly limit?: number;
  /**
   * Marker of an item (usually its `id`): enables marker paging when the response has no next
   * link and a page held `limit` items.
   */
  readonly marker?: (item: Record<string, unknown>) => string | undefined;
}

/** Where the next page is. */
export type NextPage = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'marker'; readonly marker: string };

function linkHeaderNext(value: string | string[] | undefined): string | null {
  for (const header of Array.isArray(value) ? value : value ? [value] : []) {
    for (const part of header.split(',')) {
      const m = /<([^>]+)>\s*;(.*)/.exec(part.trim());
      if (m && /rel="?next"?/.test(m[2]!)) return m[1]!;
    }
  }
  return null;
}

/** The next page of `res`, or null on the last page. */
export function nextPageUrl(res: HttpResponse, body: Record<string, unknown>, key: string, items: readonly Record<string, unknown>[], options: PageOptions): NextPage | null {
  const links = body[`${key}_links`] ?? body['links'];
  if (Array.isArray(links)) {
    for (const link of links as { rel?: unknown; href?: unknown }[]) {
      if (link?.rel === 'next' && typeof link.href === 'string') return { kind: 'url', url: link.href };
    }
  } else if (typeof links === 'object' && links !== null && typeof (links as { next?: unknown }).next === 'string') {
    return { kind: 'url', url: (links as { next: string }).next };
  }
  if (typeof body['next'] === 'string') return { kind: 'url', url: body['next'] };
  const fromHeader = linkHeaderNext(res.headers['link']);
  if (fromHeader) return { kind: 'url', url: fromHeader };
  if (options.marker && options.limit !== undefined && items.length >= options.limit) {
    const marker = options.marker(items[items.length - 1]!);
    if (marker !== undefined) return { kind: 'marker', marker };
  }
  return null;
}
