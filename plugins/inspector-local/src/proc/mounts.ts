/**
 * `/proc/self/mounts`: which mounted filesystems are real disks worth a size meter.
 */

/** One line of the mount table. */
export interface MountEntry {
  readonly device: string;
  readonly mountPoint: string;
  readonly fsType: string;
}

/**
 * Filesystem types measured by `hardware.disk.size.*`: local block filesystems and overlay (a
 * container's root). Network filesystems are left out on purpose: statfs on a dead server blocks.
 */
export const DISK_FS_TYPES: ReadonlySet<string> = new Set([
  'ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'jfs', 'reiserfs', 'f2fs', 'bcachefs', 'nilfs2',
  'vfat', 'exfat', 'ntfs', 'ntfs3', 'hfsplus', 'ufs', 'overlay',
]);

// The kernel escapes space, tab, newline and backslash in mount fields as octal.
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Parses a mount table (`device mountpoint fstype options dump pass` per line). */
export function parseMounts(text: string): MountEntry[] {
  const mounts: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [device, mountPoint, fsType] = line.trim().split(/\s+/);
    if (!device || !mountPoint || !fsType) continue;
    mounts.push({ device: unescapeMountField(device), mountPoint: unescapeMountField(mountPoint), fsType });
  }
  return mounts;
}

/** The name a disk is known by: its device when it is a path (`/dev/vda`), else its mount point. */
export function diskName(mount: MountEntry): string {
  return mount.device.startsWith('/') ? mount.device : mount.mountPoint;
}

/**
 * Mounts of real filesystems, one per disk name (a device bind-mounted twice is measured once, at
 * its first mount point).
 */
export function selectDiskMounts(mounts: readonly MountEntry[], fsTypes: ReadonlySet<string> = DISK_FS_TYPES): MountEntry[] {
  const seen = new Set<string>();
  const selected: MountEntry[] = [];
  for (const mount of mounts) {
    if (!fsTypes.has(mount.fsType)) continue;
    const name = diskName(mount);
    if (seen.has(name)) continue;
    seen.add(name);
    selected.push(mount);
  }
  return selected;
}
