/**
 * The Glance call of upstream's `images` discovery (`ceilometer/image/discovery.py`): every image
 * (`GET /v2/images`), as raw records. Glance's `next` link is a path from the server root
 * (`/v2/images?marker=...`), wrong when the catalog URL has a path (`http://host/image`), so pages
 * are followed by the link's `marker`, relative to the catalog URL.
 */
import type { OpenStackSession } from './session.js';

/** Options of {@link GlanceApi}. */
export interface GlanceApiOptions {
  /** Service type (`[service_types] glance`, default `image`). */
  readonly serviceType?: string;
  /** Page size sent as `limit` (default 1000, Glance's `api_limit_max`; Glance caps it). */
  readonly pageSize?: number;
}

function nextMarker(body: Record<string, unknown>): string | null {
  const next = body['next'];
  if (typeof next !== 'string') return null;
  return new URL(next, 'http://glance.invalid').searchParams.get('marker');
}

/** Glance's v2 API through an {@link OpenStackSession}. */
export class GlanceApi {
  readonly serviceType: string;
  readonly #pageSize: number;

  constructor(private readonly session: OpenStackSession, options: GlanceApiOptions = {}) {
    this.serviceType = options.serviceType ?? 'image';
    this.#pageSize = options.pageSize ?? 1000;
  }

  /** Every image the credentials see, all pages. */
  async images(signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    const base = await this.session.endpoint(this.serviceType);
    const url = /\/v2\/?$/.test(base) ? `${base.replace(/\/$/, '')}/images` : `${base}/v2/images`;
    const all: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    let marker: string | null = null;
    for (;;) {
      const body = await this.session.getJson(this.serviceType, url, { query: { limit: this.#pageSize, marker }, ...(signal ? { signal } : {}) });
      const page = Array.isArray(body['images']) ? body['images'].filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null) : [];
      all.push(...page);
      marker = nextMarker(body);
      if (page.length === 0 || marker === null || seen.has(marker)) return all;
      seen.add(marker);
    }
  }
}
