#!/usr/bin/env python3
"""civic on PostgreSQL, side by side with psql, written into Benchmarks/RESULTS.md.

Run it through `Benchmarks/run postgres` (which builds civic first). It starts a throwaway server
(`Scripts/pg-server.sh start Benchmarks/out/pg`: a new cluster on a Unix socket, fsync,
synchronous_commit and full_page_writes off), pins the server's processes to the second core
(`taskset -p -c 1`; the backends it forks inherit that) and every client to the first
(`taskset -c 0`), and stops the server at the end. Then:

  loads    The national files of the load benchmark (the first N payments of the generated
           national file, Benchmarks/loads.py national_inputs) at each size: `civic load --db URI
           FILE` onto a database already holding the real data and the national demo bodies and
           roles (a fresh `CREATE DATABASE … TEMPLATE` of a base loaded once, made before each
           run, outside the timing), against `psql` running `\\copy` of the same CSV into a typed
           table followed by the same six payments indexes civic makes, in one session and one
           transaction, on a fresh database. Alternating, REPS runs each; wall clock and the
           client's peak memory and CPU time (wait4). One more civic run with CIVIC_TIMINGS=1 for
           its phases. When civic misses the target, a profile of civic (perf record when the
           machine's performance counters work, else valgrind's callgrind on PROFILE_N payments).
  queries  On a database loaded by civic with the query benchmark's national file (PAYMENTS
           payments, the same data as Benchmarks/queries.py's SQLite database), for each query of
           Benchmarks/hand/queries.tsv: civic's own SQL (from `civic query --explain`, as
           PREPARE … AS and EXECUTE with the same values, typed as civic binds them) against the
           hand-written SQL (Benchmarks/hand/pg/NN.sql where SQLite's text does not run on
           PostgreSQL, else Benchmarks/hand/NN.sql), both as `psql -X -q -f FILE` whole processes,
           and civic's whole process; alternating, QREPS runs each. verify.py --engine psql checks
           the hand-written SQL gives civic's rows. The SQLite figures beside them are re-read
           from the queries part of RESULTS.md.

Environment: REPS (load runs, default 3), QREPS (query runs, default 5), SIZES (default
"1000000 5000000"), PAYMENTS (default 5000000), PROFILE_N (default 20000), KEEP_DB=1 (reuse the
national database from an earlier run; the server's folder is kept between runs), PROFILE_REUSE=1
(read the callgrind profile an earlier run of the same binary left), CIVIC, OUT.
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import loads

ROOT = loads.ROOT
OUT = loads.OUT
CIVIC = loads.CIVIC
REPS = int(os.environ.get("REPS", "3"))
QREPS = int(os.environ.get("QREPS", "5"))
SIZES = loads.SIZES
PAYMENTS = int(os.environ.get("PAYMENTS", "5000000"))
PROFILE_N = int(os.environ.get("PROFILE_N", "20000"))
PIN = loads.PIN
SERVER_CORE = "1"
PGDIR = OUT / "pg"
HAND = ROOT / "Benchmarks" / "hand"
ENV = loads.ENV
# psql reads civic's tables by their plain names, as civic's own connection does (search_path).
PSQL_ENV = dict(ENV, PGOPTIONS="-c search_path=civic")

# The typed table psql copies into: the CSV's columns as they are, text under the C collation as
# civic's text columns are (docs/SCHEMA.md), and a source column (every row from the one file, as
# in civic) so that civic's sixth payments index, payments_source, has its counterpart.
REFERENCE_TABLE = ('CREATE TABLE payments(payer text COLLATE "C", date date, supplier text COLLATE "C", '
                   'amount numeric, category_code bigint, expense_text text COLLATE "C", '
                   'transaction_ref text COLLATE "C", source_id bigint NOT NULL DEFAULT 1);')
# civic's six payments indexes (Schema.ddl, PostgresSchema.indexes) on the typed table's columns.
REFERENCE_INDEXES = [
    "CREATE INDEX payments_payer_date ON payments(payer, date);",
    "CREATE INDEX payments_date ON payments(date);",
    "CREATE INDEX payments_supplier ON payments(supplier);",
    "CREATE INDEX payments_category ON payments(category_code, payer);",
    "CREATE INDEX payments_source ON payments(source_id);",
    "CREATE INDEX payments_payer_category ON payments(payer, category_code);",
]
# civic's load phases (CIVIC_TIMINGS) that come before publishing to the server.
READ_BACK = "read the server's tables"
VALIDATE = "load and validate the files"
COLUMNS = "payer, date, supplier, amount, category_code, expense_text, transaction_ref"


def uri(db):
    return f"postgresql:///{db}?host={PGDIR}&user=postgres"


def admin(*statements):
    """Runs statements on the server's own database, each on its own (CREATE DATABASE cannot run
    in a transaction)."""
    for s in statements:
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", uri("postgres"), "-c", s],
                       check=True, env=dict(ENV, PGOPTIONS="-c client_min_messages=warning"), stdout=subprocess.DEVNULL)


def scalar(db, sql):
    return subprocess.run(["psql", "-X", "-q", "-At", "-d", uri(db), "-c", sql], check=True, env=PSQL_ENV,
                          capture_output=True, text=True).stdout.strip()


def start_server():
    subprocess.run([str(ROOT / "Scripts/pg-server.sh"), "stop", str(PGDIR)], env=ENV, stderr=subprocess.DEVNULL)
    subprocess.run([str(ROOT / "Scripts/pg-server.sh"), "start", str(PGDIR)], check=True, env=ENV, stdout=subprocess.DEVNULL)
    pm = (PGDIR / "data" / "postmaster.pid").read_text().split()[0]
    for pid in [pm] + sorted(children(pm)):
        subprocess.run(["taskset", "-a", "-p", "-c", SERVER_CORE, pid], check=True, stdout=subprocess.DEVNULL)


def stop_server():
    subprocess.run([str(ROOT / "Scripts/pg-server.sh"), "stop", str(PGDIR)], env=ENV)


def postmaster():
    return int((PGDIR / "data" / "postmaster.pid").read_text().split()[0])


def children(pid):
    return set(subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout.split())


def reaped_cpu(pid):
    """CPU seconds of the server's processes that have ended and been reaped by the postmaster
    (its backends: /proc/PID/stat cutime + cstime)."""
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[13]) + int(f[14])) / os.sysconf("SC_CLK_TCK")


def timed(cmd, env=None):
    """Runs cmd once, output thrown away; returns (seconds, peak RSS MiB, CPU seconds of the
    client, CPU seconds of the server's backends that served it)."""
    pm = postmaster()
    standing = children(pm)
    before = reaped_cpu(pm)
    t0 = time.perf_counter()
    p = subprocess.Popen([str(c) for c in cmd], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, env=env or ENV)
    _, status, usage = os.wait4(p.pid, 0)
    t1 = time.perf_counter()
    err = p.stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"benchmark command failed ({code}): {' '.join(map(str, cmd))}\n{err}")
    # The client's backend ends just after the client: wait for it to be reaped (5 s at most).
    for _ in range(500):
        if not (children(pm) - standing):
            break
        time.sleep(0.01)
    return t1 - t0, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, reaped_cpu(pm) - before


def compare(title, contenders, reps):
    """contenders: (name, prep, cmd, env); alternates them reps times, prep outside the timing."""
    res = {name: [] for name, *_ in contenders}
    for rep in range(reps):
        for name, prep, cmd, env in contenders:
            prep()
            res[name].append(timed(cmd, env))
            print(f"  {title} | {name} | run {rep + 1}: {res[name][-1][0]:.3f} s", file=sys.stderr)
    return res


def fresh_db(name, template=None):
    """Before a run: both runs' databases dropped (so that no autovacuum of the last run's tables
    shares the server's core), this run's made anew, and a checkpoint."""
    def prep():
        admin(*[f"DROP DATABASE IF EXISTS {d}" for d in dict.fromkeys((name, "civic_run", "psql_run"))],
              f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""),
              "CHECKPOINT")
    return prep


def median(runs, i=0):
    return statistics.median(r[i] for r in runs)


def load_row(name, runs, rows, base):
    t = [r[0] for r in runs]
    return (f"| {name} | {min(t):.2f} | {statistics.median(t):.2f} | {rows / statistics.median(t):,.0f} | "
            f"{median(runs, 2):.2f} | {median(runs, 3):.2f} | {max(r[1] for r in runs):,.0f} | {statistics.median(t) / base:.2f}× |")


def counters_work():
    """Whether perf can read the hardware counters here (a VM often cannot)."""
    if not shutil.which("perf"):
        return False
    p = subprocess.run(["perf", "stat", "-e", "instructions", "true"], capture_output=True, text=True)
    return p.returncode == 0 and "not supported" not in p.stderr and "not counted" not in p.stderr


def demangle(lines):
    return subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(lines),
                          capture_output=True, text=True).stdout.splitlines()


def profile(files):
    """Where civic's own process spends its time during a load onto the base."""
    if counters_work():
        n = min(SIZES)
        fresh_db("civic_run", "civic_base")()
        data = OUT / "pg-perf-civic.data"
        subprocess.run(["perf", "record", "-q", "-g", "-o", data] + PIN + [CIVIC, "load", "--db", uri("civic_run"), files[n]],
                       check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        dso = subprocess.run(["perf", "report", "-i", data, "--sort", "dso", "--stdio", "--no-children"],
                             capture_output=True, text=True).stdout
        sym = subprocess.run(["perf", "report", "-i", data, "--no-children", "--stdio", "-g", "none", "--percent-limit", "1.5"],
                             capture_output=True, text=True).stdout
        top = [l.rstrip() for l in dso.splitlines() if l.strip() and not l.startswith("#")][:8]
        fns = [l.rstrip() for l in sym.splitlines() if l.strip() and not l.startswith("#") and "%" in l][:20]
        return [f"`perf record -g` of one more pinned civic load of {n:,} payments (the client only): the share of "
                "its samples in each library, then its functions over 1.5%:", "", "```", *top, "```", "",
                "```", *[l[:150] for l in demangle(fns)], "```"]
    # No counters: callgrind counts every instruction civic executes, on a smaller file.
    cg = OUT / "pg-callgrind.out"
    # PROFILE_REUSE=1 reads the profile an earlier run left (of the same binary: about 10 minutes saved).
    if not (os.environ.get("PROFILE_REUSE") == "1" and cg.exists() and cg.stat().st_mtime > Path(CIVIC).stat().st_mtime):
        _, _, small = loads.national_inputs([PROFILE_N])
        fresh_db("civic_run", "civic_base")()
        cg.unlink(missing_ok=True)
        t0 = time.perf_counter()
        subprocess.run(PIN + ["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg}",
                              CIVIC, "load", "--db", uri("civic_run"), small[PROFILE_N]],
                       check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"  callgrind: {time.perf_counter() - t0:.0f} s", file=sys.stderr)

    def annotate(*opts):
        out = subprocess.run(["callgrind_annotate", *opts, str(cg)], capture_output=True, text=True).stdout
        total = next((l for l in out.splitlines() if "PROGRAM TOTALS" in l), "").split("(")[0].strip()
        rows = [l.rstrip() for l in out.splitlines()
                if re.match(r"\s*[0-9,]+ \(\s*[0-9.]+%\)", l) and "PROGRAM TOTALS" not in l]
        return total, rows

    def short(rows, k, min_pct):
        """`12,345 (6.7%)  file:function [library]` as `6.7%  function  (library)`, demangled."""
        out = []
        for l in rows:
            m = re.match(r"\s*([0-9,]+) \(\s*([0-9.]+)%\)\s+(.*)", l)
            if not m or float(m.group(2)) < min_pct:
                continue
            lib = re.search(r" \[([^\]]+)\]$", m.group(3))
            fn = re.sub(r" \[[^\]]+\]$", "", m.group(3))
            fn = fn.split(":", 1)[1] if ":" in fn else fn
            out.append(f"{float(m.group(2)):5.1f}%  {fn}" + (f"  ({lib.group(1).rsplit('/', 1)[-1]})" if lib else ""))
            if len(out) == k:
                break
        return [l[:160] for l in demangle(out)]

    total, self_rows = annotate("--threshold=100")
    _, incl_rows = annotate("--inclusive=yes", "--threshold=100")
    incl = short(incl_rows, 200, 0.0)

    def shares(parts):
        found = [(next((float(l.split("%")[0]) for l in incl if re.search(pattern, l)), None), what) for pattern, what in parts]
        return "; ".join(f"{pct:.1f}% {what}" for pct, what in found if pct is not None)

    return [f"The machine's performance counters cannot be read (`perf stat -e instructions` says not supported), so "
            f"civic's process was run once under `valgrind --tool=callgrind`, loading the first {PROFILE_N:,} payments "
            f"onto the same base; the server's work is not in it (see the phases above for that). "
            f"{total} instructions in all: "
            + shares([(r"static PostgresLoad[.]pull[(]", "reading the server's tables into the working file"),
                      (r"static Loader[.]load[(]", "the validating load (Loader.load)"),
                      (r"static PostgresLoad[.]publish[(]", "publishing (PostgresLoad.publish: the working file's tables sent with COPY)")])
            + ".", "",
            "Functions by the instructions they execute themselves (over 1%):", "", "```",
            *short(self_rows, 18, 1.0), "```", "",
            "By the instructions executed in them and in what they call (over 5%, outermost first; the program's "
            "start-up frames left out):", "", "```",
            *[l for l in short(incl_rows, 40, 5.0) if not re.search(r"0x0000|below main|__libc_start|civic_main|ParsableCommand", l)][:26], "```"]


def load_part(files):
    run = OUT / "pg-run"
    run.mkdir(exist_ok=True)
    sections, verdicts = [], {}
    misses = False
    for n in SIZES:
        f = files[n]
        with_idx = run / f"copy-indexed-{n}.sql"
        with_idx.write_text("\n".join([REFERENCE_TABLE, f"\\copy payments({COLUMNS}) FROM '{f}' WITH (FORMAT csv, HEADER true)",
                                       *REFERENCE_INDEXES]) + "\n")
        no_idx = run / f"copy-{n}.sql"
        no_idx.write_text("\n".join([REFERENCE_TABLE, f"\\copy payments({COLUMNS}) FROM '{f}' WITH (FORMAT csv, HEADER true)"]) + "\n")
        psql = ["psql", "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", uri("psql_run"), "-f"]
        res = compare(f"PostgreSQL, {n:,} payments", [
            ("civic load (validating; all tables, indexes and foreign keys)", fresh_db("civic_run", "civic_base"),
             PIN + [CIVIC, "load", "--db", uri("civic_run"), f], None),
            ("psql \\copy into a typed table + the same 6 indexes", fresh_db("psql_run"), PIN + psql + [with_idx], None),
            ("psql \\copy into a typed table, no indexes", fresh_db("psql_run"), PIN + psql + [no_idx], None),
        ], REPS)
        names = list(res)
        civic_med, ref_med = median(res[names[0]]), median(res[names[1]])
        verdicts[n] = civic_med / ref_med
        misses = misses or civic_med > ref_med
        lines = [f"### {n:,} payments into PostgreSQL ({f.stat().st_size / 2**20:,.0f} MiB of CSV)", "",
                 "| loader | min s | median s | rows/s (median) | client CPU s (median) | server CPU s (median) | client peak MiB | median ÷ civic's |",
                 "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for name, runs in res.items():
            lines.append(load_row(name, runs, n, civic_med))
        lines += ["", f"civic ÷ (psql \\copy + the same indexes), medians: **{civic_med / ref_med:.2f}** "
                      f"(the target is 1.00 or less: at least as fast)."]
        fresh_db("civic_run", "civic_base")()
        p = subprocess.run(PIN + [CIVIC, "load", "--db", uri("civic_run"), str(f)], env=dict(ENV, CIVIC_TIMINGS="1"),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        blocks = [b.rstrip() for b in p.stderr.split("load phases:\n")[1:]]
        lines += ["", "Where civic's time goes (one more pinned run, `CIVIC_TIMINGS=1`): first the phases of the validating "
                      "load into the working SQLite file (its own report, as for a SQLite database), then the whole "
                      "load's phases, which end with the one server transaction.", "",
                  "```", *(blocks[0].splitlines() if len(blocks) > 1 else []), "", *(blocks[-1].splitlines() if blocks else []), "```"]
        # The whole load's phases in three: reading the server's tables back, the validating load
        # (whatever civic sends the server meanwhile), and everything after it.
        groups = {READ_BACK: 0.0, VALIDATE: 0.0, "rest": 0.0}
        validate_name = ""
        for l in (blocks[-1].splitlines() if blocks else []):
            m = re.match(r"\s*([0-9.]+) s  (.*)", l)
            if not m:
                continue
            key = READ_BACK if m.group(2).startswith(READ_BACK) else VALIDATE if m.group(2).startswith(VALIDATE) else "rest"
            groups[key] += float(m.group(1))
            if key == VALIDATE:
                validate_name = m.group(2)
        if blocks:
            lines += ["", f"Of that run: reading the server's tables back {groups[READ_BACK]:.1f} s; \"{validate_name}\" "
                          f"{groups[VALIDATE]:.1f} s; the phases after it {groups['rest']:.1f} s (psql's whole median: {ref_med:.1f} s)."]
        sections.append("\n".join(lines))
    prof = profile(files) if misses else []
    return sections, verdicts, prof


def national_database():
    """The query benchmark's data on the server: the base plus PAYMENTS national payments (the
    file Benchmarks/queries.py loads into SQLite), loaded by civic."""
    name = "civic_national"
    exists = scalar("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"
    if os.environ.get("KEEP_DB") == "1" and exists:
        return name
    gen = OUT / f"national-{PAYMENTS}"
    if not (gen / "demo_payments.csv").exists():
        print(f"generating {PAYMENTS:,} national payments…", file=sys.stderr)
        loads.sh([sys.executable, str(ROOT / "Datasets/demo/generate.py"), "--scale", "national",
                  "--payments", str(PAYMENTS), "--out", str(gen)], stdout=subprocess.DEVNULL)
    work = OUT / "pg-queries" / "payments"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    os.link(gen / "demo_payments.csv", work / "demo_payments.csv")
    shutil.copyfile(ROOT / "Datasets/demo/demo_payments.layout.json", work / "demo_payments.layout.json")
    print("building the national database on the server…", file=sys.stderr)
    fresh_db(name, "civic_base")()
    loads.sh([CIVIC, "load", "--db", uri(name), str(work)], stdout=subprocess.DEVNULL)
    shutil.rmtree(work, ignore_errors=True)
    admin("CHECKPOINT")
    return name


def prepared(explain):
    """civic's `--explain` output as a psql script: PREPARE with the parameters typed as civic
    binds them (whole numbers bigint, reals double precision, text left to the server), EXECUTE
    with its values."""
    sql, _, params = explain.partition("\n\nparameters:\n")
    types, values = [], []
    for line in params.splitlines():
        m = re.match(r"\s+\?(\d+) = (.*)$", line)
        if not m:
            continue
        v = m.group(2)
        if v.startswith('"'):
            types.append("unknown")
            values.append("'" + json.loads(v).replace("'", "''") + "'")
        elif v == "NULL" or v == "null":
            types.append("unknown")
            values.append("NULL")
        elif re.fullmatch(r"-?[0-9]+", v):
            types.append("bigint")
            values.append(v)
        else:
            types.append("double precision")
            values.append(v)
    head = f"PREPARE q({', '.join(types)}) AS" if types else "PREPARE q AS"
    return head + "\n" + sql.strip() + ";\n", f"EXECUTE q({', '.join(values)});\n" if values else "EXECUTE q;\n"


def sqlite_figures():
    """The queries part's figures, as last written: {nn: (civic's SQL median, hand median, ratio)}, and its date."""
    text = (ROOT / "Benchmarks" / "RESULTS.md").read_text()
    part = text.split("<!-- queries -->", 1)[-1].split("<!-- /queries -->", 1)[0]
    date = re.search(r"Written by `Benchmarks/run queries` on ([0-9-]+)", part)
    out = {}
    for l in part.splitlines():
        m = re.match(r"\| (\d\d) \| .*? \| [0-9]+ \| [0-9.]+ / ([0-9.]+) \| [0-9.]+ / ([0-9.]+) \| \*\*([0-9.]+)×\*\* \|", l)
        if m:
            out[m.group(1)] = (float(m.group(2)), float(m.group(3)), float(m.group(4)))
    return out, date.group(1) if date else "an earlier run"


def jit_ms(plan_lines):
    """The total JIT time EXPLAIN ANALYZE reports (0 when the plan was not compiled)."""
    for l in plan_lines:
        m = re.search(r"Timing: .*Total ([0-9.]+) ms", l)
        if m:
            return float(m.group(1))
    return 0.0


def plan(db, script):
    """EXPLAIN (ANALYZE, BUFFERS) of a script's last statement."""
    text = script.read_text()
    if text.startswith("PREPARE"):
        body = text.replace("\nEXECUTE", "\nEXPLAIN (ANALYZE, BUFFERS) EXECUTE")
    else:
        # A hand-written file is one statement after its comments.
        body = "EXPLAIN (ANALYZE, BUFFERS) " + re.sub(r"(?m)^--[^\n]*\n", "", text).strip() + "\n"
    p = subprocess.run(["psql", "-X", "-q", "-At", "-d", uri(db)], input=body, capture_output=True, text=True,
                       env=PSQL_ENV, check=True)
    return [l for l in p.stdout.splitlines() if l.strip()]


def query_part(load_sections, load_profile):
    db = national_database()
    queries = [line.split("\t", 1) for line in (HAND / "queries.tsv").read_text().splitlines() if line.strip()]
    scripts = OUT / "pg-queries" / "sql"
    scripts.mkdir(parents=True, exist_ok=True)
    sqlite, sqlite_date = sqlite_figures()
    ver = subprocess.run([sys.executable, str(HAND / "verify.py"), "--civic", CIVIC, "--db", uri(db), "--engine", "psql"],
                         capture_output=True, text=True, env=ENV)
    verified = [l for l in ver.stdout.splitlines() if l.strip()]
    lines = ["| # | query | rows | SQLite: civic's SQL s | SQLite: hand s | SQLite: civic ÷ hand | PostgreSQL: civic's SQL min / median s | "
             "PostgreSQL: hand min / median s | PostgreSQL: civic ÷ hand | JIT in civic's plan, ms | `jit = off`: civic's SQL / hand, median s | "
             "`jit = off`: civic ÷ hand | civic on PostgreSQL, whole process: median s |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    summary = []
    for nn, query in queries:
        explain = subprocess.run([CIVIC, "query", "--db", uri(db), "--explain", query], capture_output=True, text=True,
                                 env=ENV, check=True).stdout
        prep, execute = prepared(explain)
        civic_sql = scripts / f"{nn}.sql"
        civic_sql.write_text(prep + execute)
        hand = HAND / "pg" / f"{nn}.sql"
        hand = hand if hand.exists() else HAND / f"{nn}.sql"
        # The same two with PostgreSQL's JIT compilation off for the session.
        civic_nojit = scripts / f"{nn}-jit-off.sql"
        civic_nojit.write_text("SET jit = off;\n" + prep + execute)
        hand_nojit = scripts / f"{nn}-hand-jit-off.sql"
        hand_nojit.write_text("SET jit = off;\n" + hand.read_text())
        psql = PIN + ["psql", "-X", "-q", "-d", uri(db), "-f"]
        res = compare(nn, [("sql", lambda: None, psql + [civic_sql], PSQL_ENV),
                           ("hand", lambda: None, psql + [hand], PSQL_ENV),
                           ("sql, jit off", lambda: None, psql + [civic_nojit], PSQL_ENV),
                           ("hand, jit off", lambda: None, psql + [hand_nojit], PSQL_ENV),
                           ("civic", lambda: None, PIN + [CIVIC, "query", "--db", uri(db), "--format", "csv", query], None)], QREPS)
        med = {k: median(v) for k, v in res.items()}
        mn = {k: min(r[0] for r in v) for k, v in res.items()}
        ratio = med["sql"] / med["hand"]
        out = subprocess.run([CIVIC, "query", "--db", uri(db), "--format", "csv", query], capture_output=True, text=True, env=ENV).stdout
        rows = max(0, len(out.splitlines()) - 1)
        jit = jit_ms(plan(db, civic_sql))
        s = sqlite.get(nn)
        sq = f"{s[0]:.3f} | {s[1]:.3f} | {s[2]:.2f}×" if s else "– | – | –"
        q = query.replace("|", "\\|")
        lines.append(f"| {nn} | `{q}` | {rows} | {sq} | {mn['sql']:.3f} / {med['sql']:.3f} | {mn['hand']:.3f} / {med['hand']:.3f} | "
                     f"**{ratio:.2f}×** | {jit:.0f} | {med['sql, jit off']:.3f} / {med['hand, jit off']:.3f} | "
                     f"{med['sql, jit off'] / med['hand, jit off']:.2f}× | {med['civic']:.3f} |")
        summary.append((nn, query, ratio, med["sql"], med["hand"], civic_sql, hand, med["sql, jit off"] / med["hand, jit off"], jit,
                        med["civic"]))

    over = [s for s in summary if s[2] > 1.2]
    over_nojit = [s for s in summary if s[7] > 1.2]
    # The worst one or two: the largest ratio, and the largest time over the hand-written SQL.
    worst = sorted(over, key=lambda s: -s[2])[:1]
    most = sorted(over, key=lambda s: -(s[3] - s[4]))[:1]
    worst += [s for s in most if s not in worst]
    detail = []
    for nn, query, ratio, med_sql, med_hand, civic_sql, hand, *_ in worst:
        text = civic_sql.read_text()
        bare = civic_sql.with_name(f"{nn}-no-provenance.sql")
        bare.write_text(re.sub(r"string_agg\(DISTINCT CAST\([^()]+ AS TEXT\), ','\)", "NULL", text))
        psql = PIN + ["psql", "-X", "-q", "-d", uri(db), "-f"]
        r = compare(f"{nn} without sources", [("with", lambda: None, psql + [civic_sql], PSQL_ENV),
                                              ("without", lambda: None, psql + [bare], PSQL_ENV)], QREPS)
        w, wo = median(r["with"]), median(r["without"])
        detail += [f"#### #{nn} `{query.replace('|', chr(92) + '|')}`: {ratio:.2f}×", "",
                   f"civic's SQL {med_sql:.3f} s, the hand-written SQL {med_hand:.3f} s (psql processes, medians). "
                   f"The same civic SQL with each row's list of sources (`string_agg(DISTINCT … source_id …)`) made NULL: "
                   f"{wo:.3f} s against {w:.3f} s with it, so the sources cost {w - wo:.3f} s.", "",
                   "civic's SQL:", "", "```sql", text.strip(), "```", "",
                   "`EXPLAIN (ANALYZE, BUFFERS)` of civic's SQL:", "", "```", *plan(db, civic_sql), "```", "",
                   f"and of the hand-written SQL (`{hand.relative_to(ROOT)}`):", "", "```", *plan(db, hand), "```", ""]
    within = len(summary) - len(over)
    text = [
        "## PostgreSQL", "",
        f"Written by `Benchmarks/run postgres` on {loads.machine_facts()} {server_facts()} The server is a throwaway "
        "cluster started by `Scripts/pg-server.sh start Benchmarks/out/pg` on a Unix socket, with fsync=off, "
        "synchronous_commit=off and full_page_writes=off as the script sets them, and otherwise PostgreSQL's defaults, "
        "for both sides alike. Every client (civic, psql) runs pinned to the first core with `taskset -c 0`; the server's "
        "processes are pinned to the second (`taskset -a -p -c 1` on the postmaster and its children, which the "
        "backends it forks inherit), so client and server each have a core of their own and the server's parallel "
        "workers share its one. Wall clock from time.perf_counter around the client process; the client's peak "
        "resident memory and CPU time from the kernel (`wait4`, as `/usr/bin/time -v` reports them); the server's "
        "memory and CPU are not in them. The machine is shared and noisy: read the ratios, not the seconds.", "",
        "### Loading", "",
        f"The same national files as the loads part (the first N payments of one generated national file). {REPS} "
        "alternating runs of each command (A B C A B C …). civic loads onto a database already holding the real data "
        "and the national demo institutions and roles: a base loaded by civic once, and before each run a fresh "
        "`CREATE DATABASE civic_run TEMPLATE civic_base` and a `CHECKPOINT`, outside the timing. civic reads the "
        "server's tables into a working SQLite file, validates every row of the file (dates, money, payer, category, "
        "supplier, provenance), and in one server transaction fills a new schema with `COPY … FROM STDIN`, builds every "
        "table's indexes (the payments table's six and its primary key among them), checks the foreign keys, analyzes, "
        "and swaps it for the old one; its phases below say which step takes what. The reference is one `psql -1` "
        "session (one transaction) on a fresh database: `CREATE TABLE` of a typed table (the CSV's columns as text, "
        "date, numeric and bigint; text under the C collation, as civic's columns are; a `source_id` column "
        "defaulting to 1, for the sixth index), `\\copy` of the same CSV into it, then the same six `CREATE INDEX` as "
        "civic makes for payments, on the typed table's columns. It validates nothing, makes no other table, no "
        "primary key and no foreign key.", "",
        *[s + "\n" for s in load_sections],
        *(["### Profile of civic's load", "", *load_profile, ""] if load_profile else []),
        "### Queries", "",
        f"On a database loaded by civic: the base above plus the query benchmark's national file "
        f"(`generate.py --scale national --payments {PAYMENTS}`, the data of the SQLite queries part). {QREPS} "
        "alternating runs of each command, pinned. \"civic's SQL\" is the SQL `civic query --db URI --explain` prints, "
        "run as `psql -X -q -f FILE` with `PREPARE q(types) AS …; EXECUTE q(values);`, the values typed as civic binds "
        "them (whole numbers as bigint, text left for the server to type); \"hand\" is `psql -X -q -f` of the "
        "hand-written SQL against the base tables (`Benchmarks/hand/pg/NN.sql` where SQLite's text does not run on "
        "PostgreSQL, else `Benchmarks/hand/NN.sql`). Both psql runs read civic's schema through "
        "`PGOPTIONS='-c search_path=civic'`, as civic's own connection sets it; each is a whole process (start-up, "
        "connection, planning, running, printing). civic's whole process adds its start-up, names, provenance and "
        "coverage notes. The SQLite columns are re-read from the queries part of this file, as it was last written "
        f"({sqlite_date}), medians of the same kind (the sqlite3 shell running civic's SQL and the hand-written SQL).", "",
        "`python3 Benchmarks/hand/verify.py --engine psql` on this database (the hand-written SQL against civic's "
        "answer, row for row; civic's demo column left out):", "", "```", *verified, "```", "",
        *lines, "",
        *([f"civic's whole process takes over 0.3 s more than its SQL for "
           + ", ".join(f"#{x[0]} ({x[9]:.3f} s against {x[3]:.3f} s)" for x in summary if x[9] - x[3] > 0.3)
           + ": the other statements of civic's answer (names, the coverage notes of the files that cover the query, "
             "the sources), which the table's SQL leaves out.", ""] if any(x[9] - x[3] > 0.3 for x in summary) else []),
        f"civic's SQL within 1.2× of the hand-written SQL on PostgreSQL (or faster): {within} of {len(summary)}. "
        + ("Over 1.2×: " + ", ".join(f"#{s[0]} ({s[2]:.2f}×, {s[3] * 1000:.0f} ms against {s[4] * 1000:.0f} ms)" for s in over) + "."
           if over else ""), "",
        "\"JIT in civic's plan\" is the total JIT time (generation, inlining, optimisation, emission) that "
        "`EXPLAIN (ANALYZE)` of civic's SQL reports: PostgreSQL compiles a plan with LLVM when the planner's cost "
        "estimate passes `jit_above_cost` (100,000 by default), whatever the query then actually reads. With `SET jit = off` "
        f"in both sessions, civic's SQL within 1.2× of the hand-written SQL: {len(summary) - len(over_nojit)} of {len(summary)}"
        + (("; over: " + ", ".join(f"#{s[0]} ({s[7]:.2f}×)" for s in over_nojit) + ".") if over_nojit else "."), "",
        *(["### The slowest against hand-written SQL", "", *detail] if detail else []),
    ]
    return "\n".join(text), over


def server_facts():
    v = scalar("postgres", "SHOW server_version").split()[0]
    sb = scalar("postgres", "SHOW shared_buffers")
    wm = scalar("postgres", "SHOW work_mem")
    mwm = scalar("postgres", "SHOW maintenance_work_mem")
    return f"PostgreSQL {v} (shared_buffers {sb}, work_mem {wm}, maintenance_work_mem {mwm})."


def main():
    _, bodies, files = loads.national_inputs(SIZES)
    start_server()
    try:
        admin("DROP DATABASE IF EXISTS civic_base", "CREATE DATABASE civic_base")
        loads.sh([CIVIC, "load", "--no-demo", "--db", uri("civic_base")], stdout=subprocess.DEVNULL)
        loads.sh([CIVIC, "load", "--db", uri("civic_base"), str(bodies)], stdout=subprocess.DEVNULL)
        admin("CHECKPOINT")
        sections, verdicts, prof = load_part(files)
        text, _ = query_part(sections, prof)
        for d in ("civic_run", "psql_run"):
            admin(f"DROP DATABASE IF EXISTS {d}")
    finally:
        stop_server()
    loads.write_section("postgres", text)
    print(text)


if __name__ == "__main__":
    main()
