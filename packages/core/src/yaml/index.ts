/** YAML with line numbers for configuration files (polling.yaml, pipeline.yaml, ...). */
export * from './yaml-path.js';
export * from './located-yaml.js';
