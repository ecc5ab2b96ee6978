/**
 * URL redaction lives in the sdk so that plugins, which cannot import the core, use the same one;
 * the core's logger and its callers take it from here.
 */
export { PASSWORD_MASK, redactUrl } from '@ceilometer-ts/sdk';
