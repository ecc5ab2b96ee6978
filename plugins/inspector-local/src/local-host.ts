/**
 * The `local://` resource: this machine, whatever host name the URL carries.
 */

/** The resource the `local_host` discovery returns. */
export const LOCAL_HOST_URL = 'local://localhost';
