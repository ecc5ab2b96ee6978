import * as sdk from '@ceilometer-ts/sdk';
import { makeSample, toMeterMessage, type ConfigView } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import {
  EVENT_PRIORITIES,
  eventTypeFilter,
  FilteredSampleEndpoint,
  SAMPLE_PRIORITIES,
  HttpRequestEndpoint,
  HttpResponseEndpoint,
  MalformedNotificationError,
  MeterNotificationEndpoint,
  notificationFromMessage,
  notificationIsoTimestamp,
  TelemetryPollingEndpoint,
  type Notification,
} from '../../src/index.js';
import { pollingMessage } from './helpers.js';

const base: Notification = { event_type: 'x', payload: {}, publisher_id: 'api.host1', priority: 'info', message_id: 'm1', timestamp: '2024-05-01 12:00:00.123456' };

describe('notificationFromMessage', () => {
  it('reads the oslo message dict, lower-casing the priority', () => {
    const n = notificationFromMessage(pollingMessage(1));
    expect(n.event_type).toBe('telemetry.polling');
    expect(n.priority).toBe('sample');
    expect(n.publisher_id).toBe('ceilometer.polling');
  });

  it.each([
    [{ priority: 'INFO', payload: {} }, 'notification has no event_type'],
    [{ event_type: 42, priority: 'INFO', payload: {} }, 'notification has no event_type'],
    [{ event_type: 'a.b', payload: {} }, 'notification a.b has no priority'],
    [{ event_type: 'a.b', priority: 'INFO' }, 'notification a.b has no payload'],
  ])('refuses %j', (message, error) => {
    expect(() => notificationFromMessage({ message, context: {} })).toThrow(new MalformedNotificationError(error));
  });
});

describe('notificationIsoTimestamp', () => {
  it.each([
    ['2024-05-01 12:00:00.123456', '2024-05-01T12:00:00.123456+00:00'],
    ['2024-05-01T12:00:00Z', '2024-05-01T12:00:00+00:00'],
    ['2024-05-01T12:00:00.5+02:00', '2024-05-01T12:00:00.500000+02:00'],
    ['2024-05-01 12:00:00.000000', '2024-05-01T12:00:00+00:00'],
    // regression: upstream's parse_isotime reads these, the old copy dropped the notification
    ['2024-05-01T12:00+02', '2024-05-01T12:00:00+02:00'],
    ['20240501T120000Z', '2024-05-01T12:00:00+00:00'],
    ['2024-05-01', '2024-05-01T00:00:00+00:00'],
  ])('%s -> %s', (input, output) => expect(notificationIsoTimestamp(input)).toBe(output));

  it('refuses garbage', () => expect(() => notificationIsoTimestamp('yesterday')).toThrow(MalformedNotificationError));
});

describe('eventTypeFilter', () => {
  it('matches at the start like re.match, empty takes all', () => {
    const f = eventTypeFilter(['compute.instance.*', 'volume.create']);
    expect(f('compute.instance.create.end')).toBe(true);
    expect(f('volume.create.start')).toBe(true);
    expect(f('image.upload')).toBe(false);
    expect(eventTypeFilter([])('anything')).toBe(true);
  });
});

describe('TelemetryPollingEndpoint (_sample)', () => {
  const endpoint = new TelemetryPollingEndpoint();

  it('rebuilds every meter message of the payload', () => {
    const n = notificationFromMessage(pollingMessage(3, 'disk.read.bytes'));
    expect(endpoint.accepts(n)).toBe(true);
    const samples = endpoint.buildSamples(n);
    expect(samples.map((s) => [s.name, s.volume, s.resource_id, s.timestamp])).toEqual([
      ['disk.read.bytes', 100, 'r-0', '2024-05-01T12:00:00.123456'],
      ['disk.read.bytes', 101, 'r-1', '2024-05-01T12:00:00.123456'],
      ['disk.read.bytes', 102, 'r-2', '2024-05-01T12:00:00.123456'],
    ]);
  });

  it('keeps every field of the meter message but monotonic_time, as upstream', () => {
    const sample = makeSample({ name: 'memory.usage', type: 'gauge', unit: 'MB', volume: 12.5, resource_id: 'vm', user_id: 'u', project_id: 'p', resource_metadata: { flavor: { vcpus: 2 } }, source: 'mysource', monotonic_time: 7 });
    const n = { ...base, event_type: 'telemetry.polling', payload: { samples: [toMeterMessage(sample, '')] } };
    expect(endpoint.buildSamples(n)).toEqual([{ ...sample, monotonic_time: null }]);
  });

  it('ignores other event types and throws for a payload without samples', () => {
    expect(endpoint.accepts({ ...base, event_type: 'compute.instance.create.end' })).toBe(false);
    expect(() => endpoint.buildSamples({ ...base, event_type: 'telemetry.polling', payload: { nope: 1 } })).toThrow('no "samples" list');
  });
});

describe('HttpRequestEndpoint / HttpResponseEndpoint', () => {
  const request = { request: { HTTP_X_USER_ID: 'u1', HTTP_X_PROJECT_ID: 'p1', HTTP_X_SERVICE_NAME: 'nova' } };

  it('makes one delta sample named after the event type, metadata from the payload', () => {
    const [s] = new HttpRequestEndpoint().buildSamples({ ...base, event_type: 'http.request', payload: request });
    expect(s).toMatchObject({
      name: 'http.request', type: 'delta', unit: 'request', volume: 1, user_id: 'u1', project_id: 'p1', resource_id: 'nova',
      timestamp: '2024-05-01T12:00:00.123456+00:00', source: 'openstack',
      resource_metadata: { ...request, event_type: 'http.request', host: 'api.host1' },
    });
  });

  it('filters on its own event type', () => {
    expect(new HttpRequestEndpoint().accepts({ ...base, event_type: 'http.response' })).toBe(false);
    const response = new HttpResponseEndpoint();
    expect(response.accepts({ ...base, event_type: 'http.response' })).toBe(true);
    expect(response.buildSamples({ ...base, event_type: 'http.response', payload: request })[0]?.unit).toBe('response');
  });

  it('throws MalformedNotificationError without a request', () => {
    expect(() => new HttpRequestEndpoint().buildSamples({ ...base, event_type: 'http.request', payload: {} })).toThrow(MalformedNotificationError);
  });
});

describe('MeterNotificationEndpoint (meter)', () => {
  const definitions = {
    matches: (t: string) => t.startsWith('compute.instance.'),
    toSamples: (n: Notification) => [makeSample({ name: 'instance', type: 'gauge', unit: 'instance', volume: 1, resource_id: String((n.payload as { instance_id: string }).instance_id) })],
  };

  it('delegates to the meter definitions', async () => {
    const endpoint = new MeterNotificationEndpoint(definitions);
    await endpoint.setup();
    expect(endpoint.accepts({ ...base, event_type: 'compute.instance.create.end' })).toBe(true);
    expect(endpoint.accepts({ ...base, event_type: 'image.upload' })).toBe(false);
    expect(endpoint.buildSamples({ ...base, payload: { instance_id: 'vm1' } })[0]?.resource_id).toBe('vm1');
  });

  it('loads them through the endpoint context, and is skipped without a loader', async () => {
    // no option is declared: `get` is never reached (it would throw for an undeclared option)
    const config: ConfigView = {
      get: (group, name) => {
        throw new Error(`undeclared option [${group}] ${name}`);
      },
      has: () => false, group: () => ({}), files: [], configDirs: [], findFile: () => undefined,
    };
    const logger = (await import('@ceilometer-ts/sdk')).silentLogger;
    const endpoint = new MeterNotificationEndpoint({ config, logger, loadMeterDefinitions: async () => definitions });
    await endpoint.setup();
    expect(endpoint.accepts({ ...base, event_type: 'compute.instance.delete.end' })).toBe(true);
    await expect(new MeterNotificationEndpoint({ config, logger }).setup()).rejects.toMatchObject({ code: 'CEILO_ERR_EXT_SKIPPED' });
  });
});

describe('the sample endpoint contract', () => {
  it('is the sdk\'s, re-exported (plugins write endpoints against the sdk alone)', () => {
    expect(FilteredSampleEndpoint).toBe(sdk.FilteredSampleEndpoint);
    expect(eventTypeFilter).toBe(sdk.eventTypeFilter);
    expect(SAMPLE_PRIORITIES).toBe(sdk.SAMPLE_PRIORITIES);
    expect(EVENT_PRIORITIES).toBe(sdk.EVENT_PRIORITIES);
  });
});
