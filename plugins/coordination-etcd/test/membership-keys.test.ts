import { describe, expect, it } from 'vitest';
import { groupKey, memberKey, memberOfKey } from '../src/membership-keys.js';

describe('membership keys (tooz layout)', () => {
  it('puts groups and members where tooz does', () => {
    expect(groupKey('central-global')).toBe('tooz/groups/central-global/');
    expect(memberKey('central-global', 'agent-1')).toBe('tooz/groups/central-global/agent-1');
  });

  it('reads members back, leaving out the group key and nested groups', () => {
    expect(memberOfKey('g', 'tooz/groups/g/agent-1')).toBe('agent-1');
    expect(memberOfKey('g', 'tooz/groups/g/')).toBeUndefined();
    expect(memberOfKey('g', 'tooz/groups/g/sub/agent-1')).toBeUndefined();
    expect(memberOfKey('g', 'tooz/groups/gg/agent-1')).toBeUndefined();
  });
});
