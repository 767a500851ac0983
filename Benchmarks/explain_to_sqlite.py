#!/usr/bin/env python3
"""Turns `civic query --explain` output into a script for the sqlite3 shell: the same SQL,
with the same values bound through `.parameter set`, so the shell runs exactly what civic runs.

Usage: civic query --explain 'Q' | python3 Benchmarks/explain_to_sqlite.py > q.sql
(`to_sqlite` does the same for one query's text; Benchmarks/profile.py uses it for each of a
profile's queries.)
"""
import json
import re
import sys


def to_sqlite(text):
    sql, _, params = text.partition("\n\nparameters:\n")
    lines = [".parameter clear"]
    for line in params.splitlines():
        m = re.match(r"\s+\?(\d+) = (.*)$", line)
        if not m:
            continue
        value = m.group(2)
        if value.startswith('"'):
            # An SQL string literal, itself quoted for the shell's own argument parsing (which would
            # otherwise strip the single quotes and evaluate 2021-04-01 as arithmetic).
            literal = "'" + json.loads(value).replace("'", "''") + "'"
            value = '"' + literal.replace("\\", "\\\\").replace('"', '\\"') + '"'
        lines.append(f".parameter set ?{m.group(1)} {value}")
    return "\n".join(lines) + "\n" + sql.strip() + ";\n"


if __name__ == "__main__":
    sys.stdout.write(to_sqlite(sys.stdin.read()))
