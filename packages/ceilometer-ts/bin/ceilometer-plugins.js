#!/usr/bin/env node
// ceilometer-plugins from @ceilometer-ts/cli; the default plugins are installed beside it (node_modules of this package).
import '@ceilometer-ts/cli/bin/ceilometer-plugins';
