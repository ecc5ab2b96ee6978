/**
 * libvirt domain states as Nova's vm_state and status (upstream's `LIBVIRT_POWER_STATE` and
 * `LIBVIRT_STATUS`, a guess that holds outside transitions such as shelving or rescuing).
 */

/** virDomainState → `OS-EXT-STS:vm_state`. */
export const LIBVIRT_POWER_STATE: Readonly<Record<number, string>> = {
  0: 'pending',
  1: 'running',
  2: 'running',
  3: 'paused',
  4: 'shutdown',
  5: 'shutdown',
  6: 'crashed',
  7: 'suspended',
};

/** virDomainState → Nova status. */
export const LIBVIRT_STATUS: Readonly<Record<number, string>> = {
  0: 'building',
  1: 'active',
  2: 'active',
  3: 'paused',
  4: 'stopped',
  5: 'stopped',
  6: 'error',
  7: 'suspended',
};
