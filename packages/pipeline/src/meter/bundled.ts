/**
 * Where the default definition files shipped with this package live (upstream's `ceilometer/data`).
 */
import { fileURLToPath } from 'node:url';

/** Directory of the default meters.yaml (upstream's `data/meters.d`). */
export const BUNDLED_METER_DEFINITIONS_DIR = fileURLToPath(new URL('../../data/meters.d', import.meta.url));

/** The default event_definitions.yaml (upstream's `pipeline/data/event_definitions.yaml`). */
export const BUNDLED_EVENT_DEFINITIONS_FILE = fileURLToPath(new URL('../../data/event_definitions.yaml', import.meta.url));

/** Upstream's default `[meter] meter_definitions_dirs`: `/etc/ceilometer/meters.d`, then the bundled one. */
export const DEFAULT_METER_DEFINITIONS_DIRS: readonly string[] = Object.freeze(['/etc/ceilometer/meters.d', BUNDLED_METER_DEFINITIONS_DIR]);
