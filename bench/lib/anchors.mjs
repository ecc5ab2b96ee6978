/**
 * A benchmark's anchors (upstream Python Ceilometer, stevedore, net-snmp, prometheus-snmp-exporter,
 * RabbitMQ...) are Debian packages. Before a column runs, its anchor is checked; a missing one is
 * installed the way the test script installs its packages (scripts/ensure-debian-packages.sh, as
 * root, with service starts forbidden), unless `--no-install-anchors` is given or we are not root.
 * If it is still missing, the column is skipped with one clear line saying what to install.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ENSURE = fileURLToPath(new URL('../../scripts/ensure-debian-packages.sh', import.meta.url));

/** Whether this run may install anchors (root, and no --no-install-anchors). */
export const mayInstall = !process.argv.includes('--no-install-anchors') && process.getuid?.() === 0;

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Checks an anchor and installs it when missing and allowed.
 * @param {{ name: string, column: string, debianPackages: string[], path?: string, check?: () => boolean }} anchor
 *   `path` must be executable, or `check()` must return true.
 * @returns {boolean} true when the anchor is there; false after printing the skip line.
 */
export function ensureAnchor(anchor) {
  const present = () => (anchor.path ? executable(anchor.path) : true) && (anchor.check ? anchor.check() : true);
  if (present()) return true;
  const what = anchor.path ?? anchor.name;
  let tried = '';
  if (mayInstall) {
    console.error(`${anchor.name} is missing (${what}): installing ${anchor.debianPackages.join(' ')} ...`);
    const r = spawnSync('bash', [ENSURE, ...anchor.debianPackages], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status === 0 && present()) return true;
    tried = ` (installing ${anchor.debianPackages.join(' ')} failed or did not provide it)`;
  }
  const how = mayInstall ? '' : `; install it with "apt-get install ${anchor.debianPackages.join(' ')}", or run the benchmark as root without --no-install-anchors`;
  console.log(`SKIPPED column "${anchor.column}": ${anchor.name} not found at ${what}${tried}${how}`);
  return false;
}

/**
 * For anchors the whole benchmark needs (no column without them): like ensureAnchor, but exits
 * with status 2 and the same clear line when missing. Call it before starting anything.
 */
export function requireAnchor(anchor) {
  if (ensureAnchor({ ...anchor, column: `all (${anchor.column})` })) return;
  process.exit(2);
}
