/**
 * Meter definitions (meters.yaml): notifications to samples.
 */
export { MeterDefinitions, type MeterDefinitionsOptions } from './meter-definitions.js';
export { MeterDefinition, type MeterDefinitionContext, type MeterSampleValues } from './meter-definition.js';
export { notificationBody, type Notification, type NotificationBody } from './notification.js';
export { addReservedUserMetadata, DEFAULT_RESERVED_METADATA, type ReservedMetadataOptions } from './reserved-metadata.js';
export { BUNDLED_METER_DEFINITIONS_DIR, BUNDLED_EVENT_DEFINITIONS_FILE, DEFAULT_METER_DEFINITIONS_DIRS } from './bundled.js';
