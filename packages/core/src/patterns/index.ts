export * from './source-patterns.js';
