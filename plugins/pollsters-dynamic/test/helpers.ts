/**
 * Test helpers: a local HTTP server answering fixed routes (and counting requests), a definitions
 * directory written from YAML text, and the builder run with a plugin context as the agent makes it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakePluginContext, pollSamples } from '@ceilometer-ts/sdk/testing';
import type { BuiltPollster, Logger, PluginContext, Sample } from '@ceilometer-ts/sdk';
import { DynamicPollsterBuilder } from '../src/index.js';

/** What a route answers. */
export interface Reply {
  readonly status?: number;
  readonly body: unknown;
  readonly contentType?: string;
}

export type Route = (req: IncomingMessage, url: URL) => Reply;

export interface TestServer {
  readonly url: string;
  /** Requests received, as `METHOD path?query`. */
  readonly requests: string[];
  /** Headers of every request, in order. */
  readonly headers: IncomingMessage['headers'][];
  close(): Promise<void>;
}

/** A Reply as written (`{ body, status?, contentType? }`), or a JSON body given directly. */
function asReply(value: Reply | unknown): Reply {
  const keys = value !== null && typeof value === 'object' ? Object.keys(value) : [];
  const isReply = keys.includes('body') && keys.every((k) => k === 'body' || k === 'status' || k === 'contentType');
  return isReply ? (value as Reply) : { body: value };
}

/** Serves `routes` (keyed by path) on 127.0.0.1. */
export async function startServer(routes: Readonly<Record<string, Route | Reply | object>>): Promise<TestServer> {
  const requests: string[] = [];
  const headers: IncomingMessage['headers'][] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    headers.push(req.headers);
    const route = routes[url.pathname];
    const reply: Reply = route === undefined ? { status: 404, body: { error: 'not found' } } : typeof route === 'function' ? route(req, url) : asReply(route);
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? (typeof reply.body === 'string' ? 'text/plain' : 'application/json') });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    headers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A directory holding `files` (name → YAML text). */
export async function definitionsDir(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dynpoll-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** Log lines a test can read. */
export interface CapturedLogger extends Logger {
  readonly lines: { readonly level: string; readonly msg: string }[];
}

export function capturingLogger(): CapturedLogger {
  const lines: { level: string; msg: string }[] = [];
  const at =
    (level: string) =>
    (a: unknown, b?: unknown): void => {
      lines.push({ level, msg: typeof a === 'string' ? a : String(b ?? '') });
    };
  const logger = { lines, trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal') } as unknown as CapturedLogger;
  (logger as unknown as { child: () => CapturedLogger }).child = () => logger;
  return logger;
}

/** A plugin context with the definitions dir and a static (no Keystone) session to `endpoint`. */
export function context(options: { dirs: readonly string[]; endpoint?: string; allowedCommands?: readonly string[]; namespace?: string }, logger: Logger): PluginContext {
  const base = fakePluginContext({
    'polling.pollsters_definitions_dirs': options.dirs,
    'polling.dynamic_pollsters_allowed_commands': options.allowedCommands ?? [],
    ...(options.endpoint ? { 'service_credentials.auth_type': 'gnocchi-basic', 'service_credentials.endpoint': options.endpoint } : {}),
  });
  return {
    ...base,
    logger,
    entryPoint: { namespace: `ceilometer.builder.poll.${options.namespace ?? 'central'}`, name: 'dynamic', packageName: '@ceilometer-ts/pollsters-dynamic', packageVersion: '0.1.0', target: './dist/builder.js:DynamicPollsterBuilder' },
  } as PluginContext;
}

/** The pollsters the builder makes. */
export async function build(ctx: PluginContext): Promise<readonly BuiltPollster[]> {
  return new DynamicPollsterBuilder(ctx).buildPollsters();
}

/** Samples of the pollster `name` for `resources`. */
export async function poll(built: readonly BuiltPollster[], name: string, resources: readonly unknown[]): Promise<Sample[]> {
  const found = built.find((b) => b.name === name);
  if (!found) throw new Error(`no pollster ${name} among ${built.map((b) => b.name).join(', ')}`);
  return pollSamples(found.pollster, resources);
}

/** `(name, volume, resource_id)` of each sample, for compact expectations. */
export const brief = (samples: readonly Sample[]): [string, unknown, string][] => samples.map((s) => [s.name, s.volume, s.resource_id]);
