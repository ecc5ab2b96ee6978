/**
 * The sample endpoint contract (`ceilometer.sample.endpoint`) lives in the sdk, so that plugin
 * packages can ship endpoints; re-exported here so the pipeline's own exports keep working.
 */
export {
  EVENT_PRIORITIES, SAMPLE_PRIORITIES, FilteredSampleEndpoint, eventTypeFilter,
  type EndpointContext, type SampleEndpoint,
} from '@ceilometer-ts/sdk';
