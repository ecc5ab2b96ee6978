import type { ConfigIssue } from '@ceilometer-ts/sdk';

/** One `key = value` assignment as read from a file, with where it came from. */
export interface IniValue {
  readonly value: string;
  readonly file: string;
  readonly line: number;
}

/** A parsed INI file: normalised section name → key → every assignment of that key, in file order. */
export interface IniFile {
  readonly file: string;
  readonly sections: ReadonlyMap<string, ReadonlyMap<string, readonly IniValue[]>>;
}

/** Outcome of parsing one file: the sections read, or the issue that stopped the parse. */
export type IniParseResult = { readonly ok: true; readonly ini: IniFile } | { readonly ok: false; readonly issue: ConfigIssue };

/**
 * oslo.config lower-cases section names except `DEFAULT`, so `[Service_Credentials]` and
 * `[service_credentials]` are one group.
 */
export function normalizeGroupName(group: string): string {
  return group === 'DEFAULT' ? group : group.toLowerCase();
}

class IniSyntaxError extends Error {
  constructor(readonly line: number, readonly reason: string, readonly text: string) {
    super(reason);
  }
}

/** Splits `key = value` / `key: value` on whichever separator comes first, as oslo's iniparser does. */
function splitAssignment(text: string, lineNo: number): [string, string] {
  const colon = text.indexOf(':');
  const equal = text.indexOf('=');
  if (colon < 0 && equal < 0) throw new IniSyntaxError(lineNo, "no ':' or '=' found in assignment", text);
  const at = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon;
  const key = text.slice(0, at).trim();
  let value = text.slice(at + 1).trim();
  // NOTE: oslo strips one pair of matching surrounding quotes, nothing more.
  if (value.length > 0 && value[0] === value[value.length - 1] && (value[0] === '"' || value[0] === "'")) {
    value = value.slice(1, -1);
  }
  if (!key) throw new IniSyntaxError(lineNo, 'key cannot be empty', text);
  return [key, value];
}

/**
 * Parses INI text with oslo.config's rules: whole-line `#`/`;` comments only (an inline `# x` stays
 * in the value), values stripped, indented lines continue the previous value (joined with `\n`), a
 * blank line ends a value, repeated keys keep every assignment.
 */
export function parseIni(text: string, file: string): IniParseResult {
  const sections = new Map<string, Map<string, IniValue[]>>();
  let section: Map<string, IniValue[]> | undefined;
  let pending: { key: string; parts: string[]; line: number } | undefined;

  const flush = (): void => {
    if (!pending) return;
    if (!section) throw new IniSyntaxError(pending.line, 'section must be started before assignment', pending.key);
    const values = section.get(pending.key) ?? [];
    values.push({ value: pending.parts.join('\n'), file, line: pending.line });
    section.set(pending.key, values);
    pending = undefined;
  };

  try {
    const lines = text.split(/\r?\n/);
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    lines.forEach((raw, index) => {
      const lineNo = index + 1;
      const line = raw.trimEnd();
      if (!line) {
        flush();
        return;
      }
      if (line.startsWith(' ') || line.startsWith('\t')) {
        if (!pending) throw new IniSyntaxError(lineNo, 'unexpected continuation line', line);
        pending.parts.push(line.trimStart());
        return;
      }
      flush();
      if (line.startsWith('[')) {
        if (!line.endsWith(']')) throw new IniSyntaxError(lineNo, 'invalid section (must end with ])', line);
        if (line.length <= 2) throw new IniSyntaxError(lineNo, 'empty section name', line);
        const name = normalizeGroupName(line.slice(1, -1));
        section = sections.get(name) ?? new Map<string, IniValue[]>();
        sections.set(name, section);
      } else if (!line.startsWith('#') && !line.startsWith(';')) {
        const [key, value] = splitAssignment(line, lineNo);
        pending = { key, parts: [value], line: lineNo };
      }
    });
    flush();
  } catch (error) {
    if (!(error instanceof IniSyntaxError)) throw error;
    return {
      ok: false,
      issue: { file, line: error.line, path: '(syntax)', message: `${error.reason}: ${JSON.stringify(error.text)}` },
    };
  }
  return { ok: true, ini: { file, sections } };
}
