"""Evaluates JSONPath cases with upstream's jsonpath_rw_ext (for jsonpath.compat.test.ts).

stdin: JSON list of {"expr": str, "doc": any}; stdout: JSON list of
{"values": [...], "paths": [...]} or {"error": str} per case.
"""
import contextlib
import io
import json
import sys

from jsonpath_rw_ext import parser

P = parser.ExtentedJsonPathParser()


def path_of(match):
    steps = []
    while match is not None and match.context is not None:
        steps.append(str(match.path))
        match = match.context
    return '.'.join(reversed(steps))


def main():
    out = []
    parsed = {}
    for case in json.load(sys.stdin):
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                if case['expr'] not in parsed:
                    parsed[case['expr']] = P.parse(case['expr'])
        except Exception as e:  # noqa
            out.append({'error': 'parse: %s: %s' % (type(e).__name__, e)})
            continue
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                found = parsed[case['expr']].find(case['doc'])
            out.append({'values': [m.value for m in found],
                        'paths': [path_of(m) for m in found]})
        except Exception as e:  # noqa
            out.append({'error': 'find: %s: %s' % (type(e).__name__, e)})
    json.dump(out, sys.stdout)


main()
