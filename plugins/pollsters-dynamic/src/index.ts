/**
 * @ceilometer-ts/pollsters-dynamic: upstream's dynamic pollsters (YAML definitions in
 * `[polling] pollsters_definitions_dirs`) without eval.
 */
export { DynamicPollsterBuilder, loadDefinitions } from './builder.js';
export { BarbicanCredentialsDiscovery } from './barbican-discovery.js';
export { DynamicPollster } from './pollster.js';
export { checkDefinition, DEFINITION_KEYS, type DynamicPollsterDefinition, type GathererKind } from './definition.js';
export { AttributePath } from './attribute-path.js';
export { DynamicPollsterError, AttributeMissingError } from './errors.js';
export { dynamicPollsterOptions, dynamicPollsterSettings, type DynamicPollsterSettings } from './options.js';
export { splitCommand } from './host-command.js';
