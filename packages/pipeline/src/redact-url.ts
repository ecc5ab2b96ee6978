/**
 * Publisher URLs carry credentials (`http://user:pass@host`, `?password=`): logs and errors show
 * them only through this.
 */
import { PASSWORD_MASK, redactUrl } from '@ceilometer-ts/core';

const SECRET_PARAM = /pass|secret|token|credential|auth|api[_-]?key/i;

/** The URL with its password (core's `redactUrl`) and secret-looking query values masked. */
export function redactPublisherUrl(url: string): string {
  return redactUrl(url).replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, sep: string, key: string) =>
    SECRET_PARAM.test(key) ? `${sep}${key}=${PASSWORD_MASK}` : whole,
  );
}
