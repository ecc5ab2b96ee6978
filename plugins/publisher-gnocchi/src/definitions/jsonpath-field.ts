/**
 * The one file that reaches upstream's jsonpath dialect and `declarative.Definition`
 * (`resource_metadata.(instance_host|host)`, lists tried as a union, `{fields, plugin}`).
 */
export { DefinitionError, DefinitionField, noTraitPlugins } from '@ceilometer-ts/pipeline';
