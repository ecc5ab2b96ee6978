/**
 * The Gnocchi REST calls the publisher and the upgrade step make (gnocchiclient's v1 managers,
 * the few we need), over the shared OpenStack session. Answers in 2xx and 4xx come back as
 * {@link GnocchiAnswer} for the caller to judge (409 "already exists", 400 "Unknown resources",
 * 404); no answer, a timeout or a 5xx after the transport's retries throws
 * {@link GnocchiUnavailableError}.
 */
import { dumpsPyJson, type PyValue } from '@ceilometer-ts/sdk';
import { OpenStackConnectionError, OpenStackHttpError, type OpenStackSession } from '@ceilometer-ts/openstack-client';
import { failureKindOf, type PublisherFailureKind } from '@ceilometer-ts/publisher-common';
import { GnocchiUnavailableError } from './errors.js';
import type { GnocchiSessionSettings } from './gnocchi-session.js';

/** An answered call. */
export interface GnocchiAnswer {
  readonly status: number;
  /** Parsed JSON, or text. */
  readonly body: unknown;
}

/** Every 4xx: returned to the caller, never thrown. */
const CLIENT_ERRORS: readonly number[] = Array.from({ length: 100 }, (_, i) => 400 + i);

/** The JSON type gnocchiclient sends JSON-patch bodies with. */
const JSON_PATCH = 'application/json-patch+json';

/** Gnocchi's error description: `{"description": {"cause": ..., "detail": ...}}` or a string. */
export function errorDescription(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as { description?: unknown }).description : undefined;
}

/** A short text of an error answer for logs. */
export function describeAnswer(answer: GnocchiAnswer): string {
  const description = errorDescription(answer.body);
  const text = description === undefined ? (typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)) : typeof description === 'string' ? description : JSON.stringify(description);
  return `HTTP ${answer.status}${text ? `: ${text.replace(/\s+/g, ' ').slice(0, 300)}` : ''}`;
}

function connectionKind(err: OpenStackConnectionError): PublisherFailureKind {
  // the transport's reason: `timed out (<got timeout event>)` or the socket error's code
  const timeout = /^timed out \((\w+)\)/.exec(err.reason);
  if (timeout) return timeout[1] === 'connect' || timeout[1] === 'lookup' ? 'connect-timeout' : 'response-timeout';
  const kind = failureKindOf(err.cause);
  return kind === 'error' ? 'unreachable' : kind;
}

/** A resource path segment: ids are sent as Gnocchi knows them (`/` already replaced). */
const seg = (text: string): string => encodeURIComponent(text);

/** Gnocchi v1, the calls ceilometer makes. */
export class GnocchiApi {
  constructor(
    readonly session: OpenStackSession,
    readonly settings: GnocchiSessionSettings,
  ) {}

  /** The API's base URL (from the catalog, or the static endpoint). */
  endpoint(): Promise<string> {
    return this.session.endpoint('metric', { interface: this.settings.interface, region: this.settings.region });
  }

  /** One call; see the file comment for what throws. */
  async call(method: string, path: string, body?: PyValue | string, contentType = 'application/json'): Promise<GnocchiAnswer> {
    const base = await this.endpoint();
    const url = `${base}/${path}`;
    try {
      const res = await this.session.request('metric', url, {
        method,
        acceptStatuses: CLIENT_ERRORS,
        // NOTE: DELETE with Accept: application/json answers 406 on Gnocchi 4.4; we never DELETE
        headers: body === undefined ? {} : { 'content-type': contentType },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : dumpsPyJson(body) }),
      });
      return { status: res.status, body: res.body };
    } catch (err) {
      if (err instanceof OpenStackConnectionError) {
        throw new GnocchiUnavailableError(`Gnocchi ${method} ${displayPath(url)} failed: ${err.reason}`, connectionKind(err), { cause: err });
      }
      if (err instanceof OpenStackHttpError) {
        throw new GnocchiUnavailableError(`Gnocchi ${method} ${displayPath(url)} answered HTTP ${err.status}${err.detail ? `: ${err.detail}` : ''}`, 'http-status', { cause: err });
      }
      throw err;
    }
  }

  /** `POST /v1/batch/resources/metrics/measures?create_metrics=true` with a serialised body. */
  batchMeasures(body: string): Promise<GnocchiAnswer> {
    return this.call('POST', 'v1/batch/resources/metrics/measures?create_metrics=true', body);
  }

  createResource(type: string, resource: PyValue): Promise<GnocchiAnswer> {
    return this.call('POST', `v1/resource/${seg(type)}`, resource);
  }

  updateResource(type: string, id: string, attributes: PyValue): Promise<GnocchiAnswer> {
    return this.call('PATCH', `v1/resource/${seg(type)}/${seg(id)}`, attributes);
  }

  searchResources(type: string, query: PyValue): Promise<GnocchiAnswer> {
    return this.call('POST', `v1/search/resource/${seg(type)}`, query);
  }

  getResourceType(name: string): Promise<GnocchiAnswer> {
    return this.call('GET', `v1/resource_type/${seg(name)}`);
  }

  createResourceType(definition: PyValue): Promise<GnocchiAnswer> {
    return this.call('POST', 'v1/resource_type', definition);
  }

  patchResourceType(name: string, operations: PyValue): Promise<GnocchiAnswer> {
    return this.call('PATCH', `v1/resource_type/${seg(name)}`, dumpsPyJson(operations), JSON_PATCH);
  }

  getArchivePolicy(name: string): Promise<GnocchiAnswer> {
    return this.call('GET', `v1/archive_policy/${seg(name)}`);
  }

  createArchivePolicy(policy: PyValue): Promise<GnocchiAnswer> {
    return this.call('POST', 'v1/archive_policy', policy);
  }

  getArchivePolicyRule(name: string): Promise<GnocchiAnswer> {
    return this.call('GET', `v1/archive_policy_rule/${seg(name)}`);
  }

  createArchivePolicyRule(rule: PyValue): Promise<GnocchiAnswer> {
    return this.call('POST', 'v1/archive_policy_rule', rule);
  }

  /** `GET /`: `{"build": "4.4.2"}`. */
  build(): Promise<GnocchiAnswer> {
    return this.call('GET', '');
  }
}

function displayPath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url;
  }
}
