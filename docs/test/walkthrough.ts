/**
 * A markdown walkthrough as a program: its fenced code blocks, each announced by an HTML comment on
 * the line before it (blank lines between allowed):
 *
 *   <!-- file: PATH -->                    the block is written to PATH (relative to the work dir)
 *   <!-- run -->                           the block is run by bash, in one shell session
 *   <!-- output -->                        each line (spaces collapsed) is a line the run before printed
 *   <!-- output: compare fields 1 3 -->    the same, comparing only those fields (1-based) and the count
 *
 * A block without a marker, a marker without a block, or an unknown marker is an error: every block
 * of the page is used, so the page cannot drift from what works.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One marked block. `line` is the fence's 1-based line in the page. */
export type WalkthroughStep =
  | { readonly kind: 'file'; readonly path: string; readonly text: string; readonly line: number }
  | { readonly kind: 'run'; readonly text: string; readonly line: number }
  | { readonly kind: 'output'; readonly text: string; readonly fields: readonly number[] | null; readonly line: number };

/** A step as its marker announces it, before its block is read: each variant without `text` and `line`. */
type StepMarker = WalkthroughStep extends infer S ? (S extends WalkthroughStep ? Omit<S, 'text' | 'line'> : never) : never;

/** A page that is not a well-formed walkthrough. */
export class WalkthroughFormatError extends Error {}

const MARKER = /^<!--\s*(.*?)\s*-->$/;
const FENCE = /^(```+|~~~+)(.*)$/;

function parseMarker(body: string, where: string): StepMarker {
  if (body === 'run') return { kind: 'run' };
  if (body === 'output') return { kind: 'output', fields: null };
  const file = /^file:\s*(\S+)$/.exec(body);
  if (file) {
    const path = file[1]!;
    if (path.startsWith('/') || path.split('/').includes('..')) throw new WalkthroughFormatError(`${where}: file path must stay inside the work dir: ${path}`);
    return { kind: 'file', path };
  }
  const fields = /^output:\s*compare fields((?:\s+\d+)+)$/.exec(body);
  if (fields) return { kind: 'output', fields: fields[1]!.trim().split(/\s+/).map(Number) };
  throw new WalkthroughFormatError(`${where}: unknown walkthrough marker <!-- ${body} -->`);
}

/** The page's steps in order. Throws WalkthroughFormatError on an unmarked block or a dangling marker. */
export function parseWalkthrough(markdown: string, file = 'walkthrough.md'): WalkthroughStep[] {
  const lines = markdown.split('\n');
  const steps: WalkthroughStep[] = [];
  let pending: { marker: StepMarker; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = MARKER.exec(line.trim());
    if (marker) {
      if (pending) throw new WalkthroughFormatError(`${file}:${pending.line}: marker not followed by a code block`);
      pending = { marker: parseMarker(marker[1]!, `${file}:${i + 1}`), line: i + 1 };
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const close = lines.findIndex((l, j) => j > i && l.startsWith(fence[1]!) && l.slice(fence[1]!.length).trim() === '');
      if (close < 0) throw new WalkthroughFormatError(`${file}:${i + 1}: code block never closed`);
      if (!pending) throw new WalkthroughFormatError(`${file}:${i + 1}: code block without a walkthrough marker (<!-- file: PATH -->, <!-- run -->, <!-- output -->)`);
      const text = lines.slice(i + 1, close).join('\n') + '\n';
      steps.push({ ...pending.marker, text, line: i + 1 });
      pending = undefined;
      i = close;
      continue;
    }
    if (pending && line.trim() !== '') throw new WalkthroughFormatError(`${file}:${pending.line}: marker not followed by a code block`);
  }
  if (pending) throw new WalkthroughFormatError(`${file}:${pending.line}: marker not followed by a code block`);
  return steps;
}

/** What one `run` step did. */
export interface RunResult {
  readonly step: WalkthroughStep & { kind: 'run' };
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the steps in `workDir`: files written, run blocks run by `bash -euo pipefail` one after the
 * other as one session (the working directory and exported variables carry over), output blocks
 * checked against the run before them by `checkOutput`. Stops at the first failing run.
 */
export function runWalkthrough(
  steps: readonly WalkthroughStep[],
  workDir: string,
  env: NodeJS.ProcessEnv,
  checkOutput: (expected: WalkthroughStep & { kind: 'output' }, run: RunResult) => void,
  timeoutMs = 180_000,
): RunResult[] {
  const state = join(workDir, '.walkthrough');
  mkdirSync(state, { recursive: true });
  writeFileSync(join(state, 'cwd'), workDir);
  writeFileSync(join(state, 'env.sh'), '');
  const results: RunResult[] = [];
  for (const step of steps) {
    if (step.kind === 'file') {
      const path = join(workDir, step.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, step.text);
    } else if (step.kind === 'run') {
      const script = [
        `cd "$(cat '${state}/cwd')"`,
        `. '${state}/env.sh'`,
        step.text,
        `pwd > '${state}/cwd'`,
        `export -p > '${state}/env.sh'`,
      ].join('\n');
      const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
      const result: RunResult = { step, status: r.status, stdout: r.stdout, stderr: r.stderr };
      results.push(result);
      if (r.status !== 0) return results;
    } else {
      const before = results.at(-1);
      if (!before) throw new WalkthroughFormatError(`line ${step.line}: output block before any run block`);
      checkOutput(step, before);
    }
  }
  return results;
}

/** A line's fields (runs of spaces are one separator). */
export const fieldsOf = (line: string): string[] => line.trim().split(/\s+/).filter((f) => f !== '');

/**
 * The lines of `expected` that no line of `printed` matches, and the printed lines matching none
 * of `expected` (each printed line used once). With `fields`, only those fields and the field count
 * are compared.
 */
export function compareOutput(expected: string, printed: string, fields: readonly number[] | null): { missing: string[]; unexpected: string[] } {
  const key = (line: string): string => {
    const all = fieldsOf(line);
    return fields ? `${all.length}:${fields.map((n) => all[n - 1] ?? '').join(' ')}` : all.join(' ');
  };
  const left = printed.split('\n').filter((l) => l.trim() !== '');
  const missing: string[] = [];
  for (const line of expected.split('\n').filter((l) => l.trim() !== '')) {
    const at = left.findIndex((p) => key(p) === key(line));
    if (at < 0) missing.push(line);
    else left.splice(at, 1);
  }
  return { missing, unexpected: left };
}

/** Reads a page and parses it. */
export function readWalkthrough(path: string): WalkthroughStep[] {
  return parseWalkthrough(readFileSync(path, 'utf8'), path);
}
