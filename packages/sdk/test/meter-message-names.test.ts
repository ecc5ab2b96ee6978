import { describe, expect, it } from 'vitest';
import { makeSample, toMeterMessage, verifySignature, type PyDict } from '@ceilometer-ts/sdk';

const base = makeSample({ name: 'storage.objects', type: 'gauge', unit: 'object', volume: 3, resource_id: 'p1', project_id: 'p1', user_id: 'u1', id: 'm1', timestamp: '2026-01-01T00:00:00' });

describe('identity names on the wire', () => {
  it('leaves user_name and project_name out when the sample has none (19.0 messages)', () => {
    expect(Object.keys(toMeterMessage(base, 's'))).not.toContain('project_name');
  });

  it('writes them in upstream master order, signed, when identity_name_discovery set them', () => {
    const msg = toMeterMessage({ ...base, project_name: 'demo', user_name: null }, 's');
    expect(Object.keys(msg).slice(5, 9)).toEqual(['user_id', 'user_name', 'project_id', 'project_name']);
    expect(msg.project_name).toBe('demo');
    expect(verifySignature(msg as unknown as PyDict, 's')).toBe(true);
    expect(msg.message_signature).not.toBe(toMeterMessage(base, 's').message_signature);
  });
});
