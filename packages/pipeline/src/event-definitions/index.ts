/**
 * Event definitions (event_definitions.yaml): notifications to events, and the trait plugin contract.
 */
export { EventConverter, type EventConverterOptions } from './event-converter.js';
export { EventDefinition, DEFAULT_TRAITS } from './event-definition.js';
export { TraitDefinition } from './trait-definition.js';
export { DefinitionField } from './definition-field.js';
export { DefinitionError, DefinitionEvaluationError } from './definition-error.js';
export { staticTraitPluginFactory, noTraitPlugins, type TraitPlugin, type TraitPluginClass, type TraitPluginFactory } from './trait-plugin.js';
export { registryTraitPluginFactory, type RegistryTraitPluginFactoryOptions } from './registry-trait-plugin-factory.js';
