import { afterEach, describe, expect, it } from 'vitest';
import { container, INVOKE_ARGS, makeSample, MapServiceRegistry, PLUGIN_CONTEXT, silentLogger, TraitType, type PluginContext } from '@ceilometer-ts/sdk';
import { clearTestPublishers, findTestPublisher, publishedSamples, TestPublisher, testPublishers, toPublisherTarget } from '../src/index.js';

const ctx = { logger: silentLogger, services: new MapServiceRegistry() } as unknown as PluginContext;
const sample = makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 1, resource_id: 'vm-1' });
const event = { message_id: 'm1', event_type: 'compute.instance.create.end', generated: '2026-11-23T19:00:00', traits: [{ name: 'x', dtype: TraitType.text, value: 'y' }], raw: {} };

afterEach(() => clearTestPublishers());

describe('TestPublisher', () => {
  it('keeps samples and events and counts calls', async () => {
    const p = new TestPublisher(ctx, 'test://');
    await p.publishSamples([sample, sample]);
    await p.publishEvents([event]);
    expect(p.samples).toEqual([sample, sample]);
    expect(p.events).toEqual([event]);
    expect(p.calls).toBe(2);
    await p.close();
    expect(p.closed).toBe(true);
  });

  it('is found by its URL', async () => {
    const a = new TestPublisher(ctx, ['test://a']);
    const b1 = new TestPublisher(ctx, { url: 'test://b?x=1', parsed: new URL('test://b?x=1') });
    const b2 = new TestPublisher(ctx, new URL('test://b?x=1'));
    expect(findTestPublisher('test://a')).toBe(a);
    expect(findTestPublisher('test://b?x=1')).toBe(b2);
    expect(testPublishers('test://b?x=1')).toEqual([b1, b2]);
    expect(testPublishers()).toHaveLength(3);
    await b1.publishSamples([sample]);
    expect(publishedSamples('test://b?x=1')).toEqual([sample]);
    expect(findTestPublisher('test://none')).toBeUndefined();
  });

  it('is made by tsyringe with the manager invoke args', () => {
    const child = container.createChildContainer();
    child.register(PLUGIN_CONTEXT, { useValue: ctx });
    child.register(INVOKE_ARGS, { useValue: ['test://di'] });
    const p = child.resolve(TestPublisher);
    expect(p.target.url).toBe('test://di');
    expect(findTestPublisher('test://di')).toBe(p);
  });

  it('rejects a missing URL argument', () => {
    expect(() => toPublisherTarget([])).toThrow(TypeError);
  });
});
