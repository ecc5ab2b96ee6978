import { describe, expect, it } from 'vitest';
import { compilePythonSub, PythonRegexError } from '../src/index.js';

describe('compilePythonSub', () => {
  it('applies rocky default disk and network renames', () => {
    const disk = compilePythonSub('(disk\\.device|disk)\\.(read|write)\\.(bytes|requests)', '\\1.\\2.\\3.rate');
    expect(disk.apply('disk.device.write.requests')).toBe('disk.device.write.requests.rate');
    expect(disk.apply('disk.read.bytes')).toBe('disk.read.bytes.rate');
    const unit = compilePythonSub('(B|request)', '\\1/s');
    expect(unit.apply('B')).toBe('B/s');
    expect(unit.apply('request')).toBe('request/s');
    expect(compilePythonSub('network\\.(incoming|outgoing)\\.(bytes|packets)', 'network.\\1.\\2.rate').apply('network.outgoing.packets')).toBe(
      'network.outgoing.packets.rate',
    );
  });

  it('replaces every occurrence, leaves non-matching input alone, supports \\g<> and named groups', () => {
    expect(compilePythonSub('a', 'b').apply('banana')).toBe('bbnbnb');
    expect(compilePythonSub('x', 'y').apply('cpu')).toBe('cpu');
    expect(compilePythonSub('(?P<dir>read|write)', '\\g<dir>_\\g<1>').apply('disk.read')).toBe('disk.read_read');
    expect(compilePythonSub('(a)|(b)', '[\\2]').apply('ab')).toBe('[][b]');
    expect(compilePythonSub('(?i)CPU', 'x').apply('cpu')).toBe('x');
  });

  it('rejects bad patterns and group references when compiled', () => {
    expect(() => compilePythonSub('(unclosed', 'x')).toThrow(PythonRegexError);
    expect(() => compilePythonSub('(a)', '\\2')).toThrow('invalid group reference 2 in "\\\\2"');
    expect(() => compilePythonSub('(a)', '\\q')).toThrow('bad escape \\q');
  });
});
