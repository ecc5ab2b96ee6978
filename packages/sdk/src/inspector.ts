/**
 * Inspectors read raw stats from a hypervisor or a host (libvirt, SNMP, local /proc). They are
 * extensions themselves (`ceilometer.compute.virt`, `ceilometer.hardware.inspectors`) so pollsters
 * never import another plugin's internals.
 */

/** Marker contract: every inspector can be closed when the agent stops. */
export interface Inspector {
  /** Releases sessions and sockets. */
  close?(): Promise<void>;
}
