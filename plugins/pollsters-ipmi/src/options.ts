/**
 * STUB on branch nmironic: `[ipmi]` options (ipmipoll owns this file and declares all of them;
 * the lead keeps ipmipoll's version at merge). Here only the two the Node Manager pollsters read.
 */
import type { OptionList } from '@ceilometer-ts/sdk';

/** What this package's `oslo.config.opts` entry point exports. */
export const ipmiOptions: OptionList = [
  {
    group: 'ipmi', name: 'polling_retry', type: 'integer', default: 3,
    help: 'Tolerance of IPMI/NM polling failures before disable this pollster. Negative indicates retrying forever.',
  },
  // used by the Node Manager pollsters
  { group: 'ipmi', name: 'node_manager_init_retry', type: 'integer', default: 3, help: 'Number of retries upon Intel Node Manager initialization failure' },
];
