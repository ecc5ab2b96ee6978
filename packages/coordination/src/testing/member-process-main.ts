/**
 * A coordination member in a process of its own (spawned by `spawnMemberProcess`): builds the driver
 * named by CEILO_MEMBER_SPEC, joins the groups, prints `ready`, and stays until killed. SIGTERM stops
 * it cleanly (leaves at once); SIGKILL is the death the backend must notice by expiry.
 */
import { pathToFileURL } from 'node:url';
import { silentLogger, type CoordinationDriverFactory } from '@ceilometer-ts/sdk';
import type { MemberProcessSpec } from './member-process.js';

const spec = JSON.parse(process.env['CEILO_MEMBER_SPEC'] ?? '{}') as MemberProcessSpec;
const loaded = (await import(pathToFileURL(spec.module).href)) as Record<string, unknown>;
const Factory = loaded[spec.exportName] as CoordinationDriverFactory;
const driver = new Factory({ url: new URL(spec.url), memberId: spec.memberId, membershipTimeoutMs: spec.membershipTimeoutMs, logger: silentLogger });
await driver.start();
for (const group of spec.groups) await driver.joinGroup(group);
const keepAlive = setInterval(() => {}, 60_000);
const leave = (): void => {
  clearInterval(keepAlive);
  driver.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', leave);
// NOTE: stdin is a pipe from the test process: when that process ends, however it ends, so does this one
process.stdin.once('end', leave);
process.stdin.resume();
process.stdout.write('ready\n');
