import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runServiceScript, stopService, forgetAtExit, stopAtExit } from './service-script.js';

/** A private libvirtd with one tiny QEMU guest (TCG) for integration tests. */
export interface LibvirtQemuService {
  /** `qemu:///system?socket=DIR/run/libvirt-sock`. */
  readonly uri: string;
  /** Domain name of the guest (`ceilo-guest-1`); empty for a shared guest started elsewhere. */
  readonly guestName: string;
  /** The service's data dir; empty for a shared guest. */
  readonly dataDir: string;
  /** True when the guest came from `CEILO_TEST_LIBVIRT_URI` (owned by the run, not by this test). */
  readonly shared: boolean;
  /** Stops QEMU, libvirtd and virtlogd and removes the data dir; a no-op for a shared guest. */
  stop(): Promise<void>;
}

/** The guest cannot run on this machine (no kernel image, no libvirtd, one already running): skip. */
export class LibvirtQemuUnavailableError extends Error {
  override readonly name = 'LibvirtQemuUnavailableError';
}

/**
 * A QEMU guest under libvirtd for a test: the run's shared guest when `CEILO_TEST_LIBVIRT_URI` is
 * set, otherwise its own through `scripts/services/start-libvirt-qemu.sh` (8-16 s; one privileged
 * libvirtd per machine). Rejects with {@link LibvirtQemuUnavailableError} when the machine cannot
 * run it (the script's exit status 3), with the script's reason.
 */
export async function startLibvirtQemu(): Promise<LibvirtQemuService> {
  const sharedUri = process.env['CEILO_TEST_LIBVIRT_URI'];
  if (sharedUri) {
    return { uri: sharedUri, guestName: process.env['CEILO_TEST_LIBVIRT_GUEST'] ?? '', dataDir: '', shared: true, stop: async () => {} };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'ceilo-libvirt-'));
  stopAtExit(dataDir);
  let env: Record<string, string>;
  try {
    env = await runServiceScript('start-libvirt-qemu', dataDir, {}, { timeoutMs: 240_000 });
  } catch (error) {
    await stopService(dataDir).catch(() => {});
    forgetAtExit(dataDir);
    const code = ((error as Error).cause as { code?: unknown } | undefined)?.code;
    if (code === 3) throw new LibvirtQemuUnavailableError((error as Error).message.split('\n').filter(Boolean).slice(-1)[0] ?? 'cannot start', { cause: error });
    throw error;
  }
  return {
    uri: env['LIBVIRT_URI'] ?? `qemu:///system?socket=${dataDir}/run/libvirt-sock`,
    guestName: env['GUEST_NAME'] ?? 'ceilo-guest-1',
    dataDir,
    shared: false,
    stop: async () => {
      if (!forgetAtExit(dataDir)) return;
      await stopService(dataDir);
    },
  };
}

/** The URI of libvirt's test driver over a node XML file (`test:///abs/path.xml`): no daemon. */
export function libvirtTestDriverUri(nodeXmlPath: string): string {
  return `test://${resolve(nodeXmlPath)}`;
}
