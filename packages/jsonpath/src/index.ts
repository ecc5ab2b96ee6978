/**
 * @ceilometer-ts/jsonpath: the JSONPath dialect of upstream's definition files (jsonpath-rw with
 * jsonpath-rw-ext), and upstream's declarative field definitions built on it (meters.yaml,
 * event_definitions.yaml, gnocchi_resources.yaml `attributes`).
 */
export { compileJsonPath, JsonPath, type JsonPathMatch } from './compile.js';
export { JsonPathEvaluationError, JsonPathSyntaxError } from './errors.js';
export { parseJsonPath } from './parser.js';
export type { JsonPathNode } from './nodes.js';
export { pyNumeric, pyTruthy } from './py-semantics.js';
export { DefinitionField } from './definition-field.js';
export { DefinitionError, DefinitionEvaluationError } from './definition-error.js';
export { staticTraitPluginFactory, noTraitPlugins, type TraitPlugin, type TraitPluginClass, type TraitPluginFactory } from './trait-plugin.js';
export { AttributeDefinitions, type SampleLike } from './attribute-definitions.js';
