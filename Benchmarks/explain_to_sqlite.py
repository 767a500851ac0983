#!/usr/bin/env python3
"""Turns `civic query --explain` output into a script for the sqlite3 shell: the same SQL,
with the same values bound through `.parameter set`, so the shell runs exactly what civic runs.

Usage: civic query --explain 'Q' | python3 Benchmarks/explain_to_sqlite.py > q.sql
"""
import json
import re
import sys

text = sys.stdin.read()
sql, _, params = text.partition("\n\nparameters:\n")
lines = []
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
print("\n".join(lines))
print(sql.strip() + ";")
