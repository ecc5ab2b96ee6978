import { describe, expect, it } from 'vitest';
import { OptionConflictError, OptionRegistry } from '../../src/config/index.js';

describe('OptionRegistry', () => {
  it('keeps options by group in registration order and accepts identical re-declarations', () => {
    const registry = new OptionRegistry()
      .register('a', [{ group: 'Polling', name: 'batch_size', type: 'integer', default: 50, help: 'x' }])
      .register('b', () => [{ group: 'polling', name: 'batch_size', type: 'integer', default: 50, help: 'other words' }]);
    expect(registry.groups()).toEqual(['polling']);
    expect(registry.get('POLLING', 'batch_size')?.owner).toBe('a');
    expect(registry.options()).toHaveLength(1);
  });

  it('rejects a conflicting re-declaration, naming both packages', () => {
    const registry = new OptionRegistry().register('@x/one', [{ group: 'DEFAULT', name: 'host', type: 'string', help: 'x' }]);
    const attempt = () => registry.register('@x/two', [{ group: 'DEFAULT', name: 'host', type: 'hostaddress', default: 'h', help: 'x' }]);
    expect(attempt).toThrow(OptionConflictError);
    expect(attempt).toThrowErrorMatchingInlineSnapshot(`[OptionConflictError: [DEFAULT] host is declared by @x/one and @x/two with different type, default]`);
  });
});
