/**
 * Samples of one notification share its payload, as upstream's shallow `copy.copy(payload)`:
 * a 10,000-metric magnum.bay.metrics.update must not make 10,000 deep copies of its metrics list
 * (issue 8: 4.3 GB and an OOM kill).
 */
import { PyFloat } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { HttpRequestEndpoint, MeterDefinitions, type Notification } from '../../src/index.js';
import { magnumNotification } from '../helpers/magnum.js';
import { METERS_DIR, traitPlugins } from './definitions-helpers.js';

const meters = MeterDefinitions.loadFromDirs([METERS_DIR], { traitPlugins });

describe('sample metadata from the payload', () => {
  it('is a shallow copy: every sample of a magnum notification points at the one metrics list', () => {
    const n = magnumNotification(1000);
    const samples = meters.toSamples(n);
    expect(samples).toHaveLength(1000);
    const first = samples[0]!.resource_metadata;
    expect(first).toMatchObject({ event_type: 'magnum.bay.metrics.update', host: 'magnum.conductor.host-1', resource_id: '5d12f6fd-a196-4bf0-ae4c-1f639a523a55' });
    expect((first['metrics'] as unknown[]).length).toBe(1000);
    for (const s of samples) expect(s.resource_metadata['metrics']).toBe(first['metrics']);
    // top level copied per sample (upstream sets event_type and host on its copy)
    expect(samples[1]!.resource_metadata).not.toBe(first);
  });

  it('converts the payload once per payload object (floats stay PyFloat, as the wire had them) and never touches the payload itself', () => {
    const payload = { request: { HTTP_X_USER_ID: 'u', HTTP_X_SERVICE_NAME: 'svc' }, ratio: new PyFloat(1), nested: { v: new PyFloat(2.5) } };
    const n: Notification = { event_type: 'http.request', payload, publisher_id: 'api-1', priority: 'info', message_id: 'm', timestamp: '2024-05-01 12:00:00' };
    const endpoint = new HttpRequestEndpoint();
    const [a] = endpoint.buildSamples(n);
    const [b] = endpoint.buildSamples(n);
    expect(a!.resource_metadata).toEqual({ request: { HTTP_X_USER_ID: 'u', HTTP_X_SERVICE_NAME: 'svc' }, ratio: new PyFloat(1), nested: { v: new PyFloat(2.5) }, event_type: 'http.request', host: 'api-1' });
    expect(a!.resource_metadata['nested']).toBe(b!.resource_metadata['nested']);
    expect(payload.ratio).toBeInstanceOf(PyFloat);
    expect(payload).not.toHaveProperty('event_type');
  });
});
