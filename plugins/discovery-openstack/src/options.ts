/** `[polling] ignore_disabled_projects` (upstream master's `ceilometer/polling/manager.py`), read by the `tenant` discovery. */
import type { ConfigView, OptionList } from '@ceilometer-ts/sdk';

/** What this package's `oslo.config.opts` entry point exports. */
export const discoveryOptions: OptionList = [
  {
    group: 'polling',
    name: 'ignore_disabled_projects',
    type: 'boolean',
    default: false,
    help: 'Whether the polling service should ignore disabled projects or not.',
  },
];

/** `[polling] ignore_disabled_projects`; false when not declared. */
export function ignoreDisabledProjects(config: ConfigView): boolean {
  return config.has('polling', 'ignore_disabled_projects') && config.get<boolean | null>('polling', 'ignore_disabled_projects') === true;
}
