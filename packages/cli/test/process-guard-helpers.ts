/**
 * Helpers of the process guard's end-to-end tests: the fixture plugin that leaves one promise
 * rejection unhandled, laid out as an operator plugin directory.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';

const REJECTING_PLUGIN = join(import.meta.dirname, 'fixtures/process-guard/rejecting-plugin');

/** The message of the rejection the fixture injects from `where`. */
export const injectedMessage = (where: string): string => `injected failure: background work of ${where} rejected, nobody listening`;

/** Lays the fixture out as `npm install --prefix DIR` would; returns DIR for CEILOMETER_PLUGIN_PATH. */
export function installRejectingPlugin(dir: string): string {
  const pluginDir = join(dir, 'plugins');
  cpSync(REJECTING_PLUGIN, join(pluginDir, 'node_modules/ceilo-test-rejecting-plugin'), { recursive: true });
  return pluginDir;
}
