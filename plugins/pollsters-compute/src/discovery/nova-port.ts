/**
 * What the discoveries need from Nova (the API agreed with `@ceilometer-ts/openstack-client`'s
 * `NovaApi`), as a port so they are tested with a fake and wired to the client in one place
 * (`nova-client.ts`).
 */

/** A raw Nova JSON record (`servers/detail` item, flavor). */
export type NovaRecord = Record<string, unknown>;

export interface NovaPort {
  /** `servers/detail?host=<host>&all_tenants=true[&changes-since=...]`, every page. */
  serversDetailForHost(host: string, changesSince: string | null, signal?: AbortSignal): Promise<NovaRecord[]>;
  /** The id of the flavor named `name` (public or not); null when there is none. */
  flavorIdByName(name: string, signal?: AbortSignal): Promise<string | null>;
  /** `servers/<id>`; null when Nova does not know it. */
  server(id: string, signal?: AbortSignal): Promise<NovaRecord | null>;
  /** `flavors/<id>`, for servers listed without an embedded flavor (microversion < 2.47); null when gone. */
  flavor?(id: string, signal?: AbortSignal): Promise<NovaRecord | null>;
}

/** Makes the port from the configuration; null when `[service_credentials]` configures no credentials. */
export type NovaPortFactory = () => Promise<NovaPort | null>;
