/**
 * Python's `fnmatch.fnmatch` for event types (`compute.instance.delete.*`): `*`, `?`, `[seq]`,
 * `[!seq]`, everything else literal; case-sensitive as on POSIX. Compiled once per pattern.
 */
const compiled = new Map<string, RegExp>();

function escapeChar(c: string): string {
  return /[\\^$.*+?()[\]{}|]/.test(c) ? `\\${c}` : c;
}

function translate(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i]!;
    if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const close = pattern.indexOf(']', pattern[i + 1] === '!' ? i + 3 : i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/^\^/, '\\^')}]`;
      i = close;
    } else out += escapeChar(c);
  }
  return `^(?:${out})$`;
}

/** Whether `name` matches `pattern`. */
export function fnmatch(name: string, pattern: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(translate(pattern));
    compiled.set(pattern, re);
  }
  return re.test(name);
}
