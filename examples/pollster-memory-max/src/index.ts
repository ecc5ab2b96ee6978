export { MemoryMaxPollster, METER } from './memory-max.js';
export { instanceMetadata } from './instance-metadata.js';
