#!/usr/bin/env python3
"""Checks each hand-written SQL reference in this folder against civic's own answer.

For every line `NN<TAB>query` of queries.tsv, runs NN.sql on the database (read-only) and
`civic query --db DB --format csv QUERY`, brings both to the same text and compares them row by
row, column by column, header included, exactly (no tolerance). Prints one line per query: its
rows and "same", or the first difference. Exits 1 if any query differs or fails.

How the two sides are brought together:
- Money: the references give integer pence; civic's CSV writes pounds with exactly two decimals
  and a leading minus for credits (`123456` -> `1234.56`, `-5` -> `-0.05`; Pence.pounds). The
  money columns of each query are listed in MONEY below; their pence are written that way.
- NULL: civic writes an empty cell; so does this script.
- Text: as is, except that civic's CSV prefixes a text cell starting with = + - or @ with `'`
  (its spreadsheet-formula guard); the same is applied to the reference's text values.
- Integers: in decimal.
- civic's column "demo" (which rows draw on the synthetic demo layer) is left out: the references
  do not compute it.

On PostgreSQL (`--engine psql --db postgresql://…`, the database civic loaded), each reference is
pg/NN.sql where the SQLite text needs a PostgreSQL word (pg/ says which and why), else NN.sql,
run by `psql --csv` with civic's schema first on the search path; civic is asked the same database.

Usage: python3 Benchmarks/hand/verify.py --civic /tmp/civic-bench --db DB [--engine python|sqlite3] [NN ...]
       python3 Benchmarks/hand/verify.py --civic /tmp/civic-bench --db postgresql://… --engine psql [NN ...]
"""
import argparse
import csv
import io
import os
import re
import sqlite3
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# Which result columns hold money (integer pence in the references), per query.
MONEY = {
    "01": {"spent"},
    "04": {"total"},
    "05": {"paid"},
    "07": {"amount"},
    "09": {"total"},
    "13": {"paid"},
    "15": {"paid"},
    "16": {"spent"},
    "18": {"spent"},
    "19": {"spent"},
    "20": {"budget", "spent"},
}

INT_RE = re.compile(r"-?[0-9]+\Z")


def pounds(pence):
    """Integer pence as civic's CSV writes money: pounds, two decimals, '-' for negatives."""
    sign = "-" if pence < 0 else ""
    a = abs(pence)
    return "%s%d.%02d" % (sign, a // 100, a % 100)


def guard(text):
    """civic's CSV formula guard for text cells."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def cell(value, money):
    """One reference value as civic writes it in CSV."""
    if value is None:
        return ""
    if money:
        if isinstance(value, float):
            value = int(round(value))
        if isinstance(value, str):
            if not INT_RE.match(value):
                return "<not pence: %r>" % value
            value = int(value)
        return pounds(value)
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return guard(value)


def run_reference_python(db, sql):
    """Runs the file's statements in order; the rows are those of the last one that returns rows."""
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        header, rows = [], []
        for statement in split_statements(sql):
            cur = con.execute(statement)
            if cur.description:
                header, rows = [d[0] for d in cur.description], cur.fetchall()
        return header, rows
    finally:
        con.close()


def split_statements(sql):
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf)
            buf = ""
    if buf.strip():
        out.append(buf)
    return out


def run_reference_cli(db, path):
    with open(path, "rb") as f:
        p = subprocess.run(["sqlite3", "-readonly", "-csv", "-header", db], stdin=f,
                           capture_output=True)
    if p.returncode != 0:
        raise RuntimeError("sqlite3 failed: " + p.stderr.decode("utf-8", "replace").strip())
    table = list(csv.reader(io.StringIO(p.stdout.decode("utf-8"), newline="")))
    if not table:
        return [], []  # no rows: the shell prints no header either
    header, rows = table[0], table[1:]
    # The shell's CSV has no types: integers read back as integers, the rest stays text.
    typed = [[int(v) if INT_RE.match(v) else v for v in row] for row in rows]
    return header, typed


def reference_path(nn, engine):
    """The hand-written SQL for query nn on this engine."""
    if engine == "psql":
        ported = os.path.join(HERE, "pg", nn + ".sql")
        if os.path.exists(ported):
            return ported
    return os.path.join(HERE, nn + ".sql")


def run_reference_psql(uri, path):
    env = dict(os.environ, PGOPTIONS="-c search_path=civic")
    p = subprocess.run(["psql", "-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1", "-d", uri, "-f", path],
                       capture_output=True, env=env)
    if p.returncode != 0:
        raise RuntimeError("psql failed: " + p.stderr.decode("utf-8", "replace").strip())
    table = list(csv.reader(io.StringIO(p.stdout.decode("utf-8"), newline="")))
    if not table:
        return [], []
    header, rows = table[0], table[1:]
    # psql's CSV has no types either: whole numbers (bigint, and numeric sums) read back as integers.
    typed = [[int(v) if INT_RE.match(v) else (None if v == "" else v) for v in row] for row in rows]
    return header, typed


def run_civic(civic, db, query):
    p = subprocess.run([civic, "query", "--db", db, "--format", "csv", query],
                       capture_output=True)
    if p.returncode != 0:
        raise RuntimeError("civic exited %d: %s" % (p.returncode,
                                                   p.stderr.decode("utf-8", "replace").strip()))
    table = list(csv.reader(io.StringIO(p.stdout.decode("utf-8"), newline="")))
    return table[0], table[1:]


def compare(nn, query, civic, db, engine):
    path = reference_path(nn, engine)
    with open(path, encoding="utf-8") as f:
        sql = f.read()
    if engine == "python":
        ref_header, ref_rows = run_reference_python(db, sql)
    elif engine == "psql":
        ref_header, ref_rows = run_reference_psql(db, path)
    else:
        ref_header, ref_rows = run_reference_cli(db, path)
    civ_header, civ_rows = run_civic(civic, db, query)
    # civic's last column "demo" marks the rows that draw on the synthetic demo layer (`civic
    # query --help`): a note on the answer, which the references do not compute; left out.
    if civ_header and civ_header[-1] == "demo" and (not ref_header or ref_header[-1] != "demo"):
        civ_header, civ_rows = civ_header[:-1], [row[:-1] for row in civ_rows]

    money = MONEY.get(nn, set())
    unknown = money - set(civ_header)
    if unknown:
        return False, "MONEY lists %s, not columns of civic's result %s" % (sorted(unknown), civ_header)
    # The sqlite3 shell prints no header for an empty result; then only the rows are compared.
    if ref_header and ref_header != civ_header:
        return False, "header differs: civic %s, reference %s" % (civ_header, ref_header)
    ref = [[cell(v, civ_header[j] in money) for j, v in enumerate(row)] for row in ref_rows]

    for i, (c, r) in enumerate(zip(civ_rows, ref)):
        if len(c) != len(r):
            return False, "row %d: civic has %d columns, reference %d" % (i + 1, len(c), len(r))
        for j, (cv, rv) in enumerate(zip(c, r)):
            if cv != rv:
                return False, "row %d, column %s: civic %r, reference %r" % (
                    i + 1, civ_header[j], cv, rv)
    if len(civ_rows) != len(ref):
        return False, "civic has %d rows, reference %d (the first %d agree)" % (
            len(civ_rows), len(ref), min(len(civ_rows), len(ref)))
    return True, "%d row%s, same" % (len(civ_rows), "" if len(civ_rows) == 1 else "s")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--civic", required=True, help="the civic executable")
    ap.add_argument("--db", required=True, help="the database (opened read-only)")
    ap.add_argument("--engine", choices=["python", "sqlite3", "psql"], default="python",
                    help="run references through Python's sqlite3 module (typed values, the default), "
                         "the sqlite3 shell with -csv -header, or psql --csv on a PostgreSQL database")
    ap.add_argument("only", nargs="*", help="query numbers to check (default: all)")
    args = ap.parse_args()
    if args.engine == "psql":
        db = args.db
    else:
        db = os.path.abspath(args.db)
        if not os.path.exists(db):
            sys.exit("no database at " + db)

    queries = []
    with open(os.path.join(HERE, "queries.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip():
                nn, query = line.split("\t", 1)
                queries.append((nn, query))

    failed = 0
    for nn, query in queries:
        if args.only and nn not in args.only:
            continue
        try:
            ok, message = compare(nn, query, args.civic, db, args.engine)
        except Exception as e:  # a failing side is a difference too
            ok, message = False, "error: %s" % e
        if not ok:
            failed += 1
        print("%s  %s  %s" % (nn, message if ok else "DIFFERS: " + message, query), flush=True)
    print("%s" % ("all same" if failed == 0 else "%d differ" % failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
