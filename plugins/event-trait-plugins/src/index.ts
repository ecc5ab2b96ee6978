/**
 * @ceilometer-ts/event-trait-plugins: the `ceilometer.event.trait_plugin` plugins split, bitfield,
 * timedelta and map.
 */
export { SplitterTraitPlugin } from './split.js';
export { BitfieldTraitPlugin, type BitfieldFlag } from './bitfield.js';
export { TimedeltaPlugin } from './timedelta.js';
export { MapTraitPlugin } from './map.js';
export { TraitPluginParameterError, type TraitMatch, type TraitPlugin, type TraitPluginParams } from './trait-plugin.js';
