/** Moved to the sdk (the IPMI plugin bounds its ipmitool processes with it too). */
export { Limiter } from '@ceilometer-ts/sdk';
