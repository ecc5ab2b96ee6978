import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseKeyValueLines, runServiceScript, stopService, forgetAtExit, stopAtExit } from './service-script.js';

/** A service started by one of the project's scripts into a private data dir. */
export interface PrivateService {
  readonly dataDir: string;
  /** The `KEY=VALUE` lines the start script printed. */
  readonly env: Readonly<Record<string, string>>;
  /** Stops it (once) and removes its data dir. */
  stop(): Promise<void>;
}

/**
 * Runs `scripts/services/<script>.sh DATA_DIR [args...]` in a fresh temporary dir and makes sure the
 * service is stopped when the test process exits, even if the test forgets `stop()`.
 */
export async function startPrivateService(
  script: string,
  env: Readonly<Record<string, string>>,
  options: { readonly leadingArgs?: readonly string[]; readonly timeoutMs?: number } = {},
): Promise<PrivateService> {
  const dataDir = await mkdtemp(join(tmpdir(), `ceilo-${script.replace(/^start-/, '')}-`));
  stopAtExit(dataDir);
  try {
    // `leadingArgs` come before DATA_DIR (start-nova-api.sh KEYSTONE_DIR DATA_DIR)
    const [first, ...rest] = [...(options.leadingArgs ?? []), dataDir];
    const printed = await runServiceScript(script, first!, env, { args: rest, timeoutMs: options.timeoutMs ?? 240_000 });
    return {
      dataDir,
      env: printed,
      stop: async () => {
        if (!forgetAtExit(dataDir)) return;
        await stopService(dataDir);
      },
    };
  } catch (error) {
    await stopService(dataDir).catch(() => {});
    forgetAtExit(dataDir);
    throw error;
  }
}

/** Reads a `service.env` file a start script wrote (how a run's shared services are handed over). */
export async function readServiceEnv(path: string): Promise<Record<string, string>> {
  return parseKeyValueLines(await readFile(path, 'utf8'));
}
