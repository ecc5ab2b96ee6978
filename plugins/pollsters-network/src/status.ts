/** Neutron status names to upstream's numbers (`ceilometer/network/services/base.py`); -1 when unknown or absent. */
const STATUS: Readonly<Record<string, number>> = {
  inactive: 0,
  active: 1,
  pending_create: 2,
  down: 3,
  created: 4,
  pending_update: 5,
  pending_delete: 6,
  error: 7,
};

/** Upstream's `get_status_id`. */
export function statusId(value: unknown): number {
  if (typeof value !== 'string' || value === '') return -1;
  return STATUS[value.toLowerCase()] ?? -1;
}
