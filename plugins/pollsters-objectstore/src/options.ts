/** `[DEFAULT] reseller_prefix` (upstream's `ceilometer/objectstore/swift.py` OPTS). */
import type { ConfigView, OptionList } from '@ceilometer-ts/sdk';

/** What this package's `oslo.config.opts` entry point exports. */
export const objectstoreOptions: OptionList = [
  {
    group: 'DEFAULT',
    name: 'reseller_prefix',
    type: 'string',
    default: 'AUTH_',
    help: 'Swift reseller prefix. Must be on par with reseller_prefix in proxy-server.conf.',
  },
];

/** `[DEFAULT] reseller_prefix`; `AUTH_` when not declared. */
export function resellerPrefix(config: ConfigView): string {
  if (!config.has('DEFAULT', 'reseller_prefix')) return 'AUTH_';
  return config.get<string | null>('DEFAULT', 'reseller_prefix') ?? 'AUTH_';
}
