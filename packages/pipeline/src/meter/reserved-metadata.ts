/** Upstream's `sample.add_reserved_user_metadata` lives in the sdk (the compute pollsters use it too). */
export { addReservedUserMetadata, DEFAULT_RESERVED_METADATA, type ReservedMetadataOptions } from '@ceilometer-ts/sdk';
