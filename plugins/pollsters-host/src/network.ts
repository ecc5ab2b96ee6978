/**
 * hardware.network.* per interface from /proc/net/dev (Stein: IF-MIB ifTable, cumulative,
 * resource `<host>.<ifname>`, metadata name, speed, mac, ip) and the host-wide IP datagram
 * counters from /proc/net/snmp (Stein: IP-MIB ipInReceives and ipOutRequests).
 */
import { inject, injectable, PLUGIN_CONTEXT, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';
import { interfaces, ipCounters } from './host-stats.js';
import { hostValue, LocalHostPollster, type HostValue } from './local-host-pollster.js';
import type { InterfaceCounters } from './proc/net-dev.js';
import type { IpCounters } from './proc/net-snmp.js';

type CounterField = Exclude<keyof InterfaceCounters, 'name'>;

abstract class InterfacePollster extends LocalHostPollster {
  constructor(ctx: PluginContext, name: string, unit: string, private readonly field: CounterField) {
    super(ctx, { name, type: 'cumulative', unit });
  }
  protected async values(cycle: PollCycle): Promise<HostValue[]> {
    return (await interfaces(cycle, this.reader)).map((i) => ({
      volume: i.counters[this.field],
      resourceSuffix: i.counters.name,
      metadata: i.metadata,
    }));
  }
}

/** hardware.network.incoming.bytes: bytes received per interface. */
@injectable()
export class NetworkIncomingBytesPollster extends InterfacePollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.network.incoming.bytes', 'B', 'rxBytes');
  }
}

/** hardware.network.outgoing.bytes: bytes sent per interface. */
@injectable()
export class NetworkOutgoingBytesPollster extends InterfacePollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.network.outgoing.bytes', 'B', 'txBytes');
  }
}

/** hardware.network.outgoing.errors: transmit errors per interface. */
@injectable()
export class NetworkOutgoingErrorsPollster extends InterfacePollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.network.outgoing.errors', 'packet', 'txErrors');
  }
}

abstract class IpDatagramsPollster extends LocalHostPollster {
  constructor(ctx: PluginContext, name: string, private readonly field: keyof IpCounters) {
    super(ctx, { name, type: 'cumulative', unit: 'datagrams' });
  }
  protected async values(cycle: PollCycle): Promise<HostValue[]> {
    return hostValue((await ipCounters(cycle, this.reader))[this.field]);
  }
}

/** hardware.network.ip.outgoing.datagrams: IP datagrams handed down for sending (OutRequests). */
@injectable()
export class IpOutgoingDatagramsPollster extends IpDatagramsPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.network.ip.outgoing.datagrams', 'outRequests');
  }
}

/** hardware.network.ip.incoming.datagrams: IP datagrams received (InReceives). */
@injectable()
export class IpIncomingDatagramsPollster extends IpDatagramsPollster {
  constructor(@inject(PLUGIN_CONTEXT) ctx: PluginContext) {
    super(ctx, 'hardware.network.ip.incoming.datagrams', 'inReceives');
  }
}
