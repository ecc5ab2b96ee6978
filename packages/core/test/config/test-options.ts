import { fileURLToPath } from 'node:url';
import type { OptionList } from '@ceilometer-ts/sdk';
import { OptionRegistry } from '../../src/config/index.js';

/** Absolute path of a file under test/fixtures/config. */
export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/config/${name}`, import.meta.url));

/** Declarations the fixtures are written against. */
export const testOptions: OptionList = [
  { group: 'DEFAULT', name: 'workers', type: 'integer', default: 1, min: 1, help: 'Number of workers.' },
  { group: 'DEFAULT', name: 'verbose', type: 'boolean', default: false, help: 'Chatty output.' },
  { group: 'DEFAULT', name: 'ratio', type: 'float', default: 0.5, min: 0, max: 1, help: 'A ratio.' },
  { group: 'DEFAULT', name: 'motd', type: 'string', help: 'Message of the day.' },
  { group: 'DEFAULT', name: 'tags', type: 'list', default: [], help: 'Tags.' },
  { group: 'DEFAULT', name: 'names', type: 'multistring', help: 'Names.' },
  { group: 'DEFAULT', name: 'labels', type: 'dict', default: {}, help: 'Labels.' },
  { group: 'DEFAULT', name: 'quoted', type: 'string', help: 'Quoted.' },
  { group: 'DEFAULT', name: 'half', type: 'string', help: 'Half quoted.' },
  { group: 'DEFAULT', name: 'empty', type: 'string', default: 'not empty', help: 'Set empty.' },
  { group: 'DEFAULT', name: 'state_path', type: 'string', default: '/var/lib/x', help: 'State.' },
  { group: 'DEFAULT', name: 'lock_path', type: 'string', default: '$state_path/locks', help: 'Locks.' },
  { group: 'DEFAULT', name: 'escaped', type: 'string', help: 'Dollars.' },
  { group: 'api', name: 'port', type: 'port', default: 8777, help: 'API port.' },
  { group: 'api', name: 'url', type: 'string', help: 'URL.' },
  {
    group: 'compute',
    name: 'instance_discovery_method',
    type: 'string',
    default: 'libvirt_metadata',
    choices: ['naive', 'libvirt_metadata', 'workload_partitioning'],
    help: 'How instances are discovered.',
  },
];

/** A registry holding {@link testOptions} under a test package name. */
export function testRegistry(): OptionRegistry {
  return new OptionRegistry().register('@ceilometer-ts/test-fixture', testOptions);
}
