import { describe, expect, it } from 'vitest';
import { generateSampleConfig, generateSampleConfigRst, OptionRegistry, sampleConfigData } from '../../src/config/index.js';

/** Two namespaces, a required option, a deprecated name, a multi-paragraph help. */
function registry(): OptionRegistry {
  return new OptionRegistry()
    .register('@x/core', [
      { group: 'DEFAULT', name: 'host', type: 'hostaddress', default: 'node1', help: 'Name of this node.' },
      { group: 'polling', name: 'cfg_file', type: 'string', default: 'polling.yaml', help: 'Configuration file for polling definition.\n\nRelative to the config dir.', deprecatedNames: ['central.cfg_file'] },
    ], 'ceilometer')
    .register('@x/gnocchi', [
      { group: 'gnocchi', name: 'url', type: 'uri', required: true, help: 'Gnocchi endpoint:' },
      { group: 'gnocchi', name: 'mode', type: 'string', default: 'batch', choices: ['batch', 'single'], help: 'How measures are sent.', deprecatedForRemoval: true, deprecatedReason: 'Always batch.' },
    ], 'publisher_gnocchi');
}

describe('sample config formats (oslo-config-generator --minimal, --summarize, --format)', () => {
  it('--minimal: only required options, uncommented; --summarize: first paragraph of each help', () => {
    expect(generateSampleConfig(registry(), { minimal: true })).toMatchInlineSnapshot(`
      "[DEFAULT]

      #
      # From ceilometer
      #


      [gnocchi]

      #
      # From publisher_gnocchi
      #

      # Gnocchi endpoint: (uri value)
      url = <None>


      [polling]

      #
      # From ceilometer
      #
      "
    `);
    expect(generateSampleConfig(registry(), { summarize: true })).toMatchInlineSnapshot(`
      "[DEFAULT]

      #
      # From ceilometer
      #

      # Name of this node (host address value)
      #host = node1


      [gnocchi]

      #
      # From publisher_gnocchi
      #

      # Gnocchi endpoint (uri value)
      #url = <None>

      # DEPRECATED: How measures are sent (string value)
      # Possible values:
      # batch - <No description provided>
      # single - <No description provided>
      # This option is deprecated for removal.
      # Its value may be silently ignored in the future.
      # Reason: Always batch.
      #mode = batch


      [polling]

      #
      # From ceilometer
      #

      # Configuration file for polling definition. For more information,
      # refer to the documentation. (string value)
      # Deprecated group/name - [central]/cfg_file
      #cfg_file = polling.yaml
      "
    `);
  });

  it('yaml/json data: the structure of _generate_machine_readable_data', () => {
    const data = sampleConfigData(registry(), { format_: 'json', namespace: ['ceilometer', 'publisher_gnocchi'] });
    expect(Object.keys(data.options)).toEqual(['DEFAULT', 'polling', 'gnocchi']);
    expect(data.deprecated_options).toEqual({ central: [{ name: 'cfg_file', replacement_group: 'polling', replacement_name: 'cfg_file' }] });
    expect(data.options['gnocchi']).toMatchInlineSnapshot(`
      {
        "driver_option": "",
        "driver_opts": {},
        "dynamic_group_owner": "",
        "help": "",
        "opts": [
          {
            "advanced": false,
            "choices": [],
            "default": null,
            "deprecated_for_removal": false,
            "deprecated_opts": [],
            "deprecated_reason": null,
            "deprecated_since": null,
            "dest": "url",
            "help": "Gnocchi endpoint:",
            "max": null,
            "metavar": null,
            "min": null,
            "mutable": false,
            "name": "url",
            "namespace": "publisher_gnocchi",
            "positional": false,
            "required": true,
            "sample_default": null,
            "secret": false,
            "short": null,
            "type": "uri value",
          },
          {
            "advanced": false,
            "choices": [
              [
                "batch",
                null,
              ],
              [
                "single",
                null,
              ],
            ],
            "default": "batch",
            "deprecated_for_removal": true,
            "deprecated_opts": [],
            "deprecated_reason": "Always batch.",
            "deprecated_since": null,
            "dest": "mode",
            "help": "How measures are sent.",
            "max": null,
            "metavar": null,
            "min": null,
            "mutable": false,
            "name": "mode",
            "namespace": "publisher_gnocchi",
            "positional": false,
            "required": false,
            "sample_default": null,
            "secret": false,
            "short": null,
            "type": "string value",
          },
        ],
        "standard_opts": [
          "url",
          "mode",
        ],
      }
    `);
    expect(data.generator_options).toEqual({ format_: 'json', namespace: ['ceilometer', 'publisher_gnocchi'] });
  });

  it('rst: the sphinx extension listing', () => {
    expect(generateSampleConfigRst(registry())).toMatchInlineSnapshot(`
      ".. oslo.config:group:: DEFAULT

      .. oslo.config:option:: host

        :Type: host address
        :Default: \`\`node1\`\`

        Name of this node.

      .. oslo.config:group:: gnocchi

      .. oslo.config:option:: url

        :Type: URI
        :Default: \`\`<None>\`\`

        Gnocchi endpoint:

      .. oslo.config:option:: mode

        :Type: string
        :Default: \`\`batch\`\`
        :Valid Values: batch, single

        How measures are sent.

        .. warning::
           This option is deprecated for removal.
           Its value may be silently ignored 
           in the future.

           :Reason: Always batch.

      .. oslo.config:group:: polling

      .. oslo.config:option:: cfg_file

        :Type: string
        :Default: \`\`polling.yaml\`\`

        Configuration file for polling definition.

        Relative to the config dir.

        .. list-table:: Deprecated Variations
           :header-rows: 1

           - * Group
             * Name
           - * central
             * cfg_file
      "
    `);
  });
});
