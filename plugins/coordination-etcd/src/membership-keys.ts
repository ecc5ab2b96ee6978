/**
 * Where membership lives in etcd: tooz's layout, so a Python agent using tooz's `etcd3://` driver
 * on the same etcd sees the same groups. A group is the key `tooz/groups/<group>/` (no lease), a
 * member is `tooz/groups/<group>/<member>` attached to the member's lease: when the lease expires
 * or is revoked, etcd deletes the member keys.
 */

const GROUP_PREFIX = 'tooz/groups/';

/** The group's own key, also the prefix of its member keys. */
export function groupKey(group: string): string {
  return `${GROUP_PREFIX}${group}/`;
}

/** A member's key in a group. */
export function memberKey(group: string, member: string): string {
  return `${groupKey(group)}${member}`;
}

/**
 * The member a key under `groupKey(group)` names, or undefined for the group key itself and for
 * keys of a nested group (`tooz/groups/a/b/m` is not a member of `a`).
 */
export function memberOfKey(group: string, key: string): string | undefined {
  const prefix = groupKey(group);
  if (!key.startsWith(prefix)) return undefined;
  const member = key.slice(prefix.length);
  return member === '' || member.includes('/') ? undefined : member;
}
