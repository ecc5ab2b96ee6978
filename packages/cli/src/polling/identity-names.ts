/**
 * `[polling] identity_name_discovery`: the sink gets every batch with project and user names
 * resolved through Keystone (the plugins' shared `[service_credentials]` session). The OpenStack
 * client is imported only when the option is on.
 */
import type { PluginContext } from '@ceilometer-ts/sdk';
import { annotatingSink, type SampleSink } from '@ceilometer-ts/polling';

/** `sink` unchanged, or wrapped to add names; without Keystone credentials a warning and no names. */
export async function withIdentityNames(sink: SampleSink, context: PluginContext): Promise<SampleSink> {
  const { IdentityNameResolver, KeystoneApi, sharedOpenStackSession } = await import('@ceilometer-ts/openstack-client');
  const session = sharedOpenStackSession(context);
  if (!session) {
    context.logger.warn('[polling] identity_name_discovery needs Keystone ([service_credentials] auth_url is not set): samples get no names');
    return sink;
  }
  const resolver = new IdentityNameResolver(new KeystoneApi(session), context.logger);
  return annotatingSink(sink, (samples) => resolver.annotate(samples));
}
