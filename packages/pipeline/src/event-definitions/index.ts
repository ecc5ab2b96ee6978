/**
 * Event definitions (event_definitions.yaml): notifications to events, and the trait plugin contract.
 */
export { EventConverter, type EventConverterOptions } from './event-converter.js';
export { EventDefinition, DEFAULT_TRAITS } from './event-definition.js';
export { TraitDefinition } from './trait-definition.js';
// The declarative fields and the trait plugin contract live in @ceilometer-ts/jsonpath (the Gnocchi
// publisher needs them too); re-exported for compatibility.
export {
  DefinitionField, DefinitionError, DefinitionEvaluationError, staticTraitPluginFactory, noTraitPlugins, type TraitPlugin, type TraitPluginClass, type TraitPluginFactory,
} from '@ceilometer-ts/jsonpath';
export { registryTraitPluginFactory, type RegistryTraitPluginFactoryOptions } from './registry-trait-plugin-factory.js';
