import { describe, expect, it } from 'vitest';
import { pipelineOptions } from '../src/index.js';

describe('pipeline options (upstream 19.0 names and defaults)', () => {
  const byName = new Map(pipelineOptions.map((o) => [`${o.group}.${o.name}`, o]));

  it('declares every option once', () => {
    expect(byName.size).toBe(pipelineOptions.length);
  });

  it.each([
    ['DEFAULT.pipeline_cfg_file', 'pipeline.yaml'],
    ['DEFAULT.event_pipeline_cfg_file', 'event_pipeline.yaml'],
    ['notification.ack_on_event_error', true],
    ['notification.workers', 1],
    ['notification.batch_size', 1],
    ['notification.batch_timeout', undefined],
    ['notification.messaging_urls', []],
    ['notification.pipelines', ['meter', 'event']],
    ['event.definitions_cfg_file', 'event_definitions.yaml'],
    ['event.drop_unmatched_notifications', false],
    ['event.store_raw', []],
  ])('%s defaults to %j', (key, value) => {
    expect(byName.get(key)?.default).toEqual(value);
  });

  it('keeps the secret, deprecated names and the full exchange list', () => {
    expect(byName.get('notification.messaging_urls')?.secret).toBe(true);
    expect(byName.get('notification.workers')?.deprecatedNames).toEqual(['DEFAULT.notification_workers']);
    expect(byName.get('notification.store_events')?.deprecatedForRemoval).toBe(true);
    expect(byName.get('notification.notification_control_exchanges')?.default).toEqual([
      'nova', 'glance', 'neutron', 'cinder', 'heat', 'keystone', 'sahara', 'trove', 'zaqar', 'swift', 'ceilometer', 'magnum', 'dns', 'ironic', 'aodh',
    ]);
    expect((byName.get('meter.meter_definitions_dirs')?.default as string[])[0]).toBe('/etc/ceilometer/meters.d');
  });
});
