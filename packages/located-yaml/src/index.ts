/**
 * @ceilometer-ts/located-yaml: YAML with line numbers for configuration files (polling.yaml,
 * pipeline.yaml, event_pipeline.yaml, meter and event definitions, hardware definitions). A library
 * the core and plugins share, kept out of the sdk so the sdk does not carry the `yaml` dependency.
 */
export * from './yaml-path.js';
export * from './located-yaml.js';
