import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { KeystoneService } from './keystone.js';
import { serviceScriptsDir } from './service-script.js';

function endpointScript(keystone: KeystoneService, args: readonly string[]): Promise<void> {
  if (keystone.shared) return Promise.reject(new Error('the run\'s shared Keystone catalog is not changed by tests: use startKeystone({ private: true })'));
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', [join(serviceScriptsDir(), 'keystone-endpoint.py'), join(keystone.dir, 'service.env'), ...args], { timeout: 60_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`keystone-endpoint.py ${args.join(' ')} failed: ${error.message}\n${stderr}`, { cause: error }));
      else resolve();
    });
  });
}

/**
 * Points every interface of `type` in a private Keystone's catalog at `url` (the service is created
 * when missing): e.g. at a proxy that answers 500, or a dead port. Refused for the run's shared Keystone.
 */
export function setCatalogEndpoint(keystone: KeystoneService, type: string, name: string, url: string): Promise<void> {
  return endpointScript(keystone, [type, name, url]);
}

/** Removes `type` (its endpoints and service) from a private Keystone's catalog ("service missing from the catalog" tests). */
export function removeCatalogService(keystone: KeystoneService, type: string): Promise<void> {
  return endpointScript(keystone, [type, '--delete']);
}
