#!/usr/bin/env python3
"""civic profile's speed, written into Benchmarks/RESULTS.md (the part "profile").

Run it through `Benchmarks/run profile` (which builds civic first). The targets: a ward's profile
in under 200 ms on the bundled database, and under 1 s on the national one (the real data plus
the national demo layer with 5,000,000 payments, the queries benchmark's database).

For each subject, three commands alternate (A B C A B C …), each its own process pinned to one
core (`taskset -c 0`):

  civic profile     `civic profile --db DB KIND NAME --format json`: the whole profile (start-up,
                    every query checked, compiled and run, provenance, coverage notes, the JSON);
  the same SQL      every statement the profile runs (`civic profile --explain`), with the same
                    bound values, in one `sqlite3 -readonly` process: the SQL alone;
  one query         `civic query --db DB --format json 'KIND "NAME" | show name'`: civic's floor
                    (start-up, opening the database, one small query).

Wall clock from time.perf_counter around the process; peak memory from the kernel (wait4), as
`/usr/bin/time -v` reports it. Environment: REPS (default 9), CIVIC, KEEP_DB=1 as for queries.
"""
import os
import statistics
import subprocess
import sys
from pathlib import Path

import loads
import queries
from explain_to_sqlite import to_sqlite

ROOT = loads.ROOT
OUT = loads.OUT / "profile"
CIVIC = loads.CIVIC
REPS = int(os.environ.get("REPS", "9"))
PIN = loads.PIN

SUBJECTS = [
    ("ward", "Bromford & Hodge Hill"),
    ("council", "Birmingham"),
    ("council", "Manchester"),
    ("constituency", "Birmingham, Hodge Hill"),
    ("person", "Rob Pocock"),
]


def bundled_database():
    """The bundled data, loaded by civic into a file of the benchmark's own."""
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / "bundled.sqlite"
    if not db.exists():
        loads.sh([CIVIC, "load", "--db", str(db)], stdout=subprocess.DEVNULL)
    return db


def profile_sql(db, kind, name, path):
    """The profile's statements as one sqlite3 script; returns how many there are."""
    text = subprocess.run([CIVIC, "profile", "--db", str(db), "--explain", kind, name],
                          check=True, capture_output=True, text=True, env=loads.ENV).stdout
    blocks, current = [], []
    for line in text.splitlines():
        if line.startswith("-- ") and current and not current[-1].startswith("-- "):
            blocks.append("\n".join(current))
            current = []
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    script = []
    for b in blocks:
        body = "\n".join(l for l in b.splitlines() if not l.startswith("-- "))
        script.append(to_sqlite(body.strip("\n")))
    path.write_text(".output /dev/null\n" + "".join(script))
    return len(blocks)


def measure(label, db, kind, name):
    sql = OUT / f"{label}-{kind}-{name.replace(' ', '_').replace(',', '').replace('&', 'and')}.sql"
    statements = profile_sql(db, kind, name, sql)
    contenders = [
        ("civic profile", PIN + [CIVIC, "profile", "--db", str(db), "--format", "json", kind, name], None),
        ("the same SQL in sqlite3", PIN + ["sqlite3", "-readonly", str(db)], sql),
        ("one query", PIN + [CIVIC, "query", "--db", str(db), "--format", "json", f'{kind} "{name}" | show name' if kind != "person" else f'people named "{name}" | show name'], None),
    ]
    runs = {n: [] for n, *_ in contenders}
    for rep in range(REPS):
        for n, cmd, stdin in contenders:
            runs[n].append(queries.timed(cmd, stdin))
            print(f"  {label} {kind} {name} | {n} | run {rep + 1}: {runs[n][-1][0] * 1000:.0f} ms", file=sys.stderr)
    return statements, runs


def stats(runs):
    t = [s for s, _ in runs]
    return min(t), statistics.median(t), max(m for _, m in runs)


def main():
    rows = []
    verdicts = []
    for label, db in (("bundled", bundled_database()), ("national", queries.national_database())):
        target = 0.2 if label == "bundled" else 1.0
        for kind, name in SUBJECTS:
            statements, runs = measure(label, db, kind, name)
            p, s, q = stats(runs["civic profile"]), stats(runs["the same SQL in sqlite3"]), stats(runs["one query"])
            rows.append(f"| {label} | {kind} \"{name}\" | {statements} | {p[0] * 1000:.0f} / {p[1] * 1000:.0f} | "
                        f"{s[0] * 1000:.0f} / {s[1] * 1000:.0f} | {q[0] * 1000:.0f} / {q[1] * 1000:.0f} | "
                        f"**{p[1] / s[1]:.2f}×** | {max(0, p[1] - s[1] - q[1]) * 1000:.0f} | {p[2]:.0f} / {s[2]:.0f} |")
            if kind == "ward":
                ok = p[1] < target
                verdicts.append(f"A ward's profile on the {label} database: median {p[1] * 1000:.0f} ms against a target of "
                                f"{target * 1000:.0f} ms: {'met' if ok else f'missed by {(p[1] - target) * 1000:.0f} ms'}.")
    text = "\n".join([
        "## Profiles",
        "",
        f"Written by `Benchmarks/run profile` on {loads.machine_facts()} {REPS} alternating runs of each command, "
        "each pinned to one core (`taskset -c 0`); min and median wall clock of the whole process, peak resident memory "
        "from the kernel. \"the same SQL\" is every statement the profile runs (`civic profile --explain`), with the same "
        "bound values, in one `sqlite3 -readonly` process; \"one query\" is civic answering one small query "
        "(`KIND \"NAME\" | show name`), its floor of start-up and opening the database. The bundled database is the "
        "bundled data loaded by civic; the national one is the queries benchmark's (real data plus the national demo "
        "layer, 5,000,000 payments). civic's figure includes provenance for every row, the coverage notes and the "
        "JSON, which the shell does not compute.",
        "",
        "| database | profile | queries | civic profile: min / median ms | the same SQL in sqlite3: min / median ms | one civic query: min / median ms | civic ÷ SQL | civic beyond the SQL and its floor, ms | peak MiB civic / sqlite3 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        *verdicts,
        "",
        "\"civic beyond the SQL and its floor\" is civic's median less the shell's and less one civic query's: what "
        "checking and compiling each query, reading each row's sources and working out the coverage notes cost. Where "
        "civic ÷ SQL is large (a ward, a person) the SQL itself takes a few milliseconds and civic's start-up (the "
        "floor) is most of the difference. Before the coverage notes found the bodies `in` cannot place from the "
        "institutions with no area (rather than every office with no ward), and kept that answer for the next query, "
        "a ward's national profile took 0.28 s, 10× its SQL (`perf record -e cpu-clock` showed 66% of its time in that one "
        "note's statement, asked again by each of the profile's `in` queries).",
    ])
    loads.write_section("profile", text)
    print(text)


if __name__ == "__main__":
    main()
