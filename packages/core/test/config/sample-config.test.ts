import { describe, expect, it } from 'vitest';
import { CORE_PACKAGE_NAME, coreOptions, generateSampleConfig, OptionRegistry } from '../../src/config/index.js';

describe('generateSampleConfig', () => {
  it('renders types, bounds, choices, deprecations, multistrings and quoting like oslo-config-generator', () => {
    const registry = new OptionRegistry()
      .register('@x/b', [{ group: 'polling', name: 'batch_size', type: 'integer', default: 50, min: 0, help: 'Number of samples per notification.', deprecatedNames: ['DEFAULT.batch_size'] }])
      .register('@x/a', [
        { group: 'api', name: 'port', type: 'port', default: 8777, help: 'Port.' },
        { group: 'api', name: 'mode', type: 'string', default: 'fast', choices: ['fast', 'slow'], help: 'Mode.' },
        { group: 'api', name: 'urls', type: 'multistring', default: ['a://x', 'b://y'], help: 'URLs.' },
        { group: 'api', name: 'labels', type: 'dict', default: { z: '1', a: '2' }, help: 'Labels.' },
        { group: 'api', name: 'padded', type: 'string', default: ' x ', help: 'Padded.' },
        { group: 'api', name: 'old', type: 'float', default: 1.5, deprecatedForRemoval: true, deprecatedReason: 'Not used.', help: 'Old.' },
        { group: 'api', name: 'token', type: 'string', secret: true, help: 'A secret without a default.' },
      ]);
    expect(generateSampleConfig(registry, { wrap: 50 })).toMatchInlineSnapshot(`
      "[DEFAULT]


      [api]

      #
      # From @x/a
      #

      # Port. (port value)
      # Minimum value: 0
      # Maximum value: 65535
      #port = 8777

      # Mode. (string value)
      # Possible values:
      # fast - <No description provided>
      # slow - <No description provided>
      #mode = fast

      # URLs. (multi valued)
      #urls = a://x
      #urls = b://y

      # Labels. (dict value)
      #labels = a:2,z:1

      # Padded. (string value)
      #padded = " x "

      # DEPRECATED: Old. (floating point value)
      # This option is deprecated for removal.
      # Its value may be silently ignored in the future.
      # Reason: Not used.
      #old = 1.5

      # A secret without a default. (string value)
      #token = <None>


      [polling]

      #
      # From @x/b
      #

      # Number of samples per notification. (integer
      # value)
      # Minimum value: 0
      # Deprecated group/name - [DEFAULT]/batch_size
      #batch_size = 50
      "
    `);
  });

  it('renders the core options (snapshot file doubles as a sample ceilometer.conf)', async () => {
    const registry = new OptionRegistry().register(CORE_PACKAGE_NAME, coreOptions);
    await expect(generateSampleConfig(registry)).toMatchFileSnapshot('__snapshots__/core-options.conf.sample');
  });
});
