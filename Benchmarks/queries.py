#!/usr/bin/env python3
"""civic's query benchmark, side by side with hand-written SQL, written into Benchmarks/RESULTS.md.

Run it through `Benchmarks/run queries` (which builds civic first). For each query of
Benchmarks/hand/queries.tsv, on a national database (the real data plus the generator's national
demo layer with 5,000,000 payments, built by civic from the files the load benchmark generates):

  civic        `civic query --db DB --format csv Q`: the whole process (start-up, names, checking,
               compiling, running, formatting, provenance, coverage notes);
  civic's SQL  the SQL civic compiles Q to, with the same bound values, in the sqlite3 shell
               (Benchmarks/explain_to_sqlite.py): the SQL alone, under the shell's settings;
  hand SQL     `sqlite3 -readonly DB < Benchmarks/hand/NN.sql`: the query a person would write,
               reading the base tables (Benchmarks/hand/verify.py checks it gives civic's rows);
  civic, rows  the same with CIVIC_NO_TOTALS=1, where civic would otherwise read the totals the
               load keeps: the same answer from the payments themselves.

Every command runs as its own process pinned to one core (`taskset -c 0`); the commands of one
query alternate (A B C A B C ...). Wall clock from time.perf_counter around the process, peak
memory from the kernel's rusage (wait4). Memory includes the pages of the database file SQLite
maps (civic reads with mmap; the shell does not).

Environment: REPS (default 5), CIVIC (the binary), OUT (scratch folder), PAYMENTS (default
5000000), KEEP_DB=1 (reuse the national database from an earlier run).
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import loads  # the load benchmark's helpers: timing, the generated national files

ROOT = loads.ROOT
OUT = loads.OUT
CIVIC = loads.CIVIC
REPS = int(os.environ.get("REPS", "5"))
PAYMENTS = int(os.environ.get("PAYMENTS", "5000000"))
PIN = loads.PIN
HAND = ROOT / "Benchmarks" / "hand"
SCOPED = {"01", "02", "03", "05", "08", "11", "13", "14", "17", "20", "21"}
SUMMARIES = {"06", "15", "16", "17"}


def timed(cmd, stdin_path=None, env=None):
    """Runs cmd once, output thrown away; returns (seconds, peak RSS MiB)."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or loads.ENV)
    _, status, usage = os.wait4(p.pid, 0)
    t1 = time.perf_counter()
    err = p.stderr.read().decode(errors="replace")
    if stdin_path:
        stdin.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"benchmark command failed ({code}): {' '.join(map(str, cmd))}\n{err}")
    return t1 - t0, usage.ru_maxrss / 1024


def national_database():
    """The real data, the national demo bodies and PAYMENTS generated payments, loaded by civic."""
    db = OUT / "queries" / f"national-{PAYMENTS}.sqlite"
    if os.environ.get("KEEP_DB") == "1" and db.exists():
        return db
    gen = OUT / f"national-{PAYMENTS}"
    if not (gen / "demo_payments.csv").exists():
        print(f"generating {PAYMENTS:,} national payments…", file=sys.stderr)
        loads.sh([sys.executable, str(ROOT / "Datasets/demo/generate.py"), "--scale", "national",
                  "--payments", str(PAYMENTS), "--out", str(gen)], stdout=subprocess.DEVNULL)
    work = OUT / "queries" / "build"
    shutil.rmtree(work, ignore_errors=True)
    (work / "bodies").mkdir(parents=True)
    (work / "payments").mkdir()
    for k in ("institutions", "roles"):
        shutil.copyfile(gen / f"demo_{k}.csv", work / "bodies" / f"demo_{k}.csv")
        shutil.copyfile(ROOT / f"Datasets/demo/demo_{k}.layout.json", work / "bodies" / f"demo_{k}.layout.json")
    shutil.copyfile(gen / "demo_payments.csv", work / "payments" / "demo_payments.csv")
    shutil.copyfile(ROOT / "Datasets/demo/demo_payments.layout.json", work / "payments" / "demo_payments.layout.json")
    loads.fresh(db)()
    print("building the national database…", file=sys.stderr)
    loads.sh([CIVIC, "load", "--no-demo", "--db", str(db)], stdout=subprocess.DEVNULL)
    loads.sh([CIVIC, "load", "--db", str(db), str(work / "bodies")], stdout=subprocess.DEVNULL)
    loads.sh([CIVIC, "load", "--db", str(db), str(work / "payments")], stdout=subprocess.DEVNULL)
    shutil.rmtree(work, ignore_errors=True)
    return db


def reads_totals(db, query):
    p = subprocess.run([CIVIC, "query", "--db", str(db), "--explain", query], capture_output=True, text=True, env=loads.ENV)
    return re.search(r"\bFROM (supplier|payer|payer_month)_totals\b", p.stdout) is not None


def rows_of(db, query):
    p = subprocess.run([CIVIC, "query", "--db", str(db), "--format", "csv", query], capture_output=True, text=True, env=loads.ENV)
    return max(0, len(p.stdout.splitlines()) - 1)


def compiled_sql(db, query, path):
    """civic's SQL for query, as a script for the sqlite3 shell."""
    explain = subprocess.run([CIVIC, "query", "--db", str(db), "--explain", query], capture_output=True, text=True, env=loads.ENV, check=True)
    script = subprocess.run([sys.executable, str(ROOT / "Benchmarks" / "explain_to_sqlite.py")], input=explain.stdout,
                            capture_output=True, text=True, check=True)
    path.write_text(script.stdout)
    return path


def name_resolution(db):
    """How long resolving a name takes: civic --explain of a query with the name, against the
    same query without it, alternating; the difference of the medians."""
    out = []
    for named, plain in [('school "Hodge Hill School"', "schools"), ('wards in ward "Hodge Hill"', "wards"),
                         ('council "ons:E08000025"', "councils")]:
        res = {"named": [], "plain": []}
        for _ in range(max(REPS, 9)):
            res["named"].append(timed(PIN + [CIVIC, "query", "--db", str(db), "--explain", named])[0])
            res["plain"].append(timed(PIN + [CIVIC, "query", "--db", str(db), "--explain", plain])[0])
        d = statistics.median(res["named"]) - statistics.median(res["plain"])
        out.append(f"`{named}` {max(0.0, d) * 1000:.1f} ms")
    return out


def explain_miss(db, nn, script, med_sql):
    """For a query whose SQL misses its target: the same SQL without its provenance (each
    `group_concat(DISTINCT … source_id)` made NULL), timed alternating with it, and a perf profile
    of the shell running civic's SQL (the functions over 3% of its samples)."""
    bare = script.with_name(f"{nn}-no-provenance.sql")
    text = script.read_text()
    bare.write_text(re.sub(r"group_concat\(DISTINCT [a-z_]+\.source_id\)", "NULL", text))
    runs = {"with": [], "without": []}
    for _ in range(REPS):
        runs["with"].append(timed(PIN + ["sqlite3", "-readonly", str(db)], script)[0])
        runs["without"].append(timed(PIN + ["sqlite3", "-readonly", str(db)], bare)[0])
    w, wo = statistics.median(runs["with"]), statistics.median(runs["without"])
    out = [f"#{nn}: civic's SQL takes {w:.3f} s; the same SQL without the list of each row's sources "
           f"{wo:.3f} s, so the sources cost {w - wo:.3f} s of it."]
    if shutil.which("perf"):
        data = OUT / "queries" / f"perf-{nn}.data"
        with open(script, "rb") as i:
            subprocess.run(["perf", "record", "-q", "-o", str(data)] + PIN + ["sqlite3", "-readonly", str(db)], stdin=i,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        sym = subprocess.run(["perf", "report", "-i", str(data), "--no-children", "--stdio", "--percent-limit", "3"],
                             capture_output=True, text=True).stdout
        top = [l.rstrip()[:120] for l in sym.splitlines() if l.strip() and not l.startswith("#") and "%" in l][:12]
        out += ["", f"`perf record` of the shell running #{nn}'s SQL, functions over 3% of the samples:", "", "```", *top, "```"]
    return out


def main():
    db = national_database()
    queries = [line.split("\t", 1) for line in (HAND / "queries.tsv").read_text().splitlines() if line.strip()]
    no_totals = dict(loads.ENV, CIVIC_NO_TOTALS="1")
    scripts = OUT / "queries" / "sql"
    scripts.mkdir(parents=True, exist_ok=True)
    lines = ["| # | query | rows | civic's SQL: min / median s | hand SQL: min / median s | civic's SQL ÷ hand | civic, whole process: median s | civic, rows only ÷ hand | peak MiB civic / hand |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    summary = []
    misses = []
    for nn, query in queries:
        contenders = [("civic", PIN + [CIVIC, "query", "--db", str(db), "--format", "csv", query], None, None),
                      ("sql", PIN + ["sqlite3", "-readonly", str(db)], compiled_sql(db, query, scripts / f"{nn}.sql"), None),
                      ("hand", PIN + ["sqlite3", "-readonly", str(db)], HAND / f"{nn}.sql", None)]
        totals = reads_totals(db, query)
        if totals:
            contenders.append(("rows", PIN + [CIVIC, "query", "--db", str(db), "--format", "csv", query], None, no_totals))
        res = {name: [] for name, *_ in contenders}
        for rep in range(REPS):
            for name, cmd, stdin, env in contenders:
                res[name].append(timed(cmd, stdin, env))
        print(f"  {nn} {query}: " + ", ".join(f"{n} {statistics.median(t for t, _ in r):.3f}" for n, r in res.items()), file=sys.stderr)
        med = {n: statistics.median(t for t, _ in r) for n, r in res.items()}
        mn = {n: min(t for t, _ in r) for n, r in res.items()}
        peak = {n: max(m for _, m in r) for n, r in res.items()}
        ratio = med["sql"] / med["hand"]
        rows_ratio = f"{med['rows'] / med['hand']:.2f}×" if totals else "(reads payments)"
        q = query.replace("|", "\\|")
        lines.append(f"| {nn} | `{q}` | {rows_of(db, query)} | {mn['sql']:.3f} / {med['sql']:.3f} | "
                     f"{mn['hand']:.3f} / {med['hand']:.3f} | **{ratio:.2f}×** | {med['civic']:.3f} | {rows_ratio} | "
                     f"{peak['civic']:.0f} / {peak['hand']:.0f} |")
        summary.append((nn, query, med["civic"], ratio))
        if ratio > 1.5 and med["sql"] > 0.05:
            misses += explain_miss(db, nn, scripts / f"{nn}.sql", med["sql"]) + [""]

    resolution = name_resolution(db)
    within = [s for s in summary if s[3] <= 1.2]
    missed = [s for s in summary if s[3] > 1.2]
    scoped = [s for s in summary if s[0] in SCOPED]
    slow_scoped = [s for s in scoped if s[2] >= 0.1]
    text = "\n".join([
        "## Queries at national scale", "",
        f"Written by `Benchmarks/run queries` on {loads.machine_facts()} {REPS} alternating runs of each "
        "command, each pinned to one core (`taskset -c 0`); min and median wall clock of the whole process; peak "
        "resident memory from the kernel. The database: the real data plus the national demo layer "
        f"(`generate.py --scale national --payments {PAYMENTS}`), loaded by civic. \"hand SQL\" is "
        "`sqlite3 -readonly DB < Benchmarks/hand/NN.sql`, the query written by hand against the base tables; "
        "`python3 Benchmarks/hand/verify.py` checks that each gives civic's rows. \"civic, rows only\" is civic "
        "with `CIVIC_NO_TOTALS=1`, for the queries where it otherwise reads the totals the load keeps "
        "(docs/SCHEMA.md). civic's figure includes its start-up (about 15 ms), provenance for every row and the "
        "coverage notes, which the hand-written SQL does not compute. civic's peak memory counts the pages of "
        "the database it maps (mmap); the shell reads through its own 2 MB cache.", "",
        *lines, "",
        f"civic's SQL within 1.2× of hand-written SQL (or faster): {len(within)} of {len(summary)}. "
        + ("Slower than that: " + ", ".join(f"#{n} ({r:.2f}×)" for n, _, _, r in missed) + "." if missed else ""),
        f"Scoped to a ward, institution or council: {len(scoped) - len(slow_scoped)} of {len(scoped)} under 100 ms"
        + ("; over: " + ", ".join(f"#{n} ({t * 1000:.0f} ms)" for n, _, t, _ in slow_scoped) + "." if slow_scoped else "."),
        "Whole-country summaries (#" + ", #".join(sorted(SUMMARIES)) + "), civic's whole process: "
        + ", ".join(f"#{n} {t * 1000:.0f} ms" for n, _, t, _ in summary if n in SUMMARIES) + ".",
        "Resolving a name (civic `--explain` with the name against the same query without it, medians of "
        f"{max(REPS, 9)} alternating pinned runs): " + "; ".join(resolution) + ".",
        "",
        *(["### Where civic's SQL is slower than 1.5× and over 50 ms", "", *misses] if misses else []),
    ])
    loads.write_section("queries", text)
    print(text)


if __name__ == "__main__":
    main()
