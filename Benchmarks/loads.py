#!/usr/bin/env python3
"""civic's load benchmark, side by side with the references, written to Benchmarks/RESULTS.md.

Run it through `Benchmarks/run` (which builds civic first). Every timed command runs as its own
process, pinned to one core with `taskset -c 0` unless marked as the two-core figure; the
commands of one comparison alternate (A B C D A B C D ...), and each gets its fresh output
files before its run, outside the timing. Wall clock comes from time.perf_counter around the
process, peak memory from the kernel's rusage of that process (wait4, ru_maxrss), the same
figure `/usr/bin/time -v` reports as "Maximum resident set size".

Environment: BEFORE (optional: another civic binary, such as a build of an earlier commit, timed
beside this one on the smallest size and the bundled load), REPS (default 3), SIZES (default "1000000 5000000"), BIG (default 20000000, the
size loaded once for memory only; 0 skips it), CIVIC (the binary), OUT (scratch folder).
"""
import collections
import csv
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(os.environ.get("OUT", ROOT / "Benchmarks" / "out"))
CIVIC = os.environ["CIVIC"]
BEFORE = os.environ.get("BEFORE")
REPS = int(os.environ.get("REPS", "3"))
SIZES = [int(s) for s in os.environ.get("SIZES", "1000000 5000000").split()]
BIG = int(os.environ.get("BIG", "20000000"))
PIN = ["taskset", "-c", "0"]
BEFORE_NAME = os.environ.get("BEFORE_NAME", "the BEFORE binary")
ENV = dict(os.environ, CIVIC_DATASETS=str(ROOT / "Datasets"))
ENV.pop("CIVIC_TIMINGS", None)

# The payments indexes civic builds after a big load (Sources/CivicStorage/Schema.swift), as the
# same statements on the columns of the typed table the shell imports into. civic's fifth,
# payments_source(source_id), has no counterpart: the imported table has no source column. civic
# rebuilds it with the other four, so its time counts against civic here.
REFERENCE_TABLE = ("CREATE TABLE payments(payer TEXT, date TEXT, supplier TEXT, amount REAL, "
                   "category_code INTEGER, expense_text TEXT, transaction_ref TEXT);")
REFERENCE_INDEXES = [
    "CREATE INDEX payments_payer_date ON payments(payer, date);",
    "CREATE INDEX payments_date ON payments(date);",
    "CREATE INDEX payments_supplier ON payments(supplier);",
    "CREATE INDEX payments_category ON payments(category_code, payer);",
    "CREATE INDEX payments_payer_category ON payments(payer, category_code);",
]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, env=ENV, **kw)


def timed(cmd, stdin_path=None):
    """Runs cmd once; returns (seconds, peak RSS in MiB). Fails loudly on a non-zero exit."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    _, status, usage = os.wait4(p.pid, 0)
    t1 = time.perf_counter()
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode(errors="replace")
    if stdin_path:
        stdin.close()
    if p.returncode != 0:
        sys.exit(f"benchmark command failed ({p.returncode}): {' '.join(map(str, cmd))}\n{err}")
    return t1 - t0, usage.ru_maxrss / 1024


def compare(title, contenders):
    """contenders: list of (name, prep, cmd, stdin). Alternates them REPS times."""
    results = {name: [] for name, *_ in contenders}
    for rep in range(REPS):
        for name, prep, cmd, stdin in contenders:
            prep()
            results[name].append(timed(cmd, stdin))
            print(f"  {title} | {name} | run {rep + 1}: {results[name][-1][0]:.2f} s", file=sys.stderr)
    return results


def row(name, runs, rows, base=None):
    times = [t for t, _ in runs]
    mn, med, peak = min(times), statistics.median(times), max(m for _, m in runs)
    ratio = "" if base is None else f"{med / base:.2f}×"
    return f"| {name} | {mn:.2f} | {med:.2f} | {rows / med:,.0f} | {peak:,.0f} | {ratio} |"


def fresh(*paths):
    def prep():
        for p in paths:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(str(p) + suffix).unlink(missing_ok=True)
    return prep


def copy(src, dst):
    def prep():
        fresh(dst)()
        shutil.copyfile(src, dst)
    return prep


def profile(f, n, medians):
    """perf record of one more pinned civic load of f, and of the reference with indexes: the share
    of each library in the samples, and civic's top functions. Empty when perf is missing."""
    if not shutil.which("perf"):
        return ""
    run = OUT / "run"
    out = ["Profiles (`perf record`, pinned, one run each): the share of samples in each library.", ""]
    reports = {}
    for name, prep, cmd, stdin in [
        ("civic load", copy(OUT / "base.sqlite", run / "civic.sqlite"), [CIVIC, "load", "--db", run / "civic.sqlite", f], None),
        ("sqlite3 .import + indexes", fresh(run / "import.sqlite"), ["sqlite3", run / "import.sqlite"],
         OUT / f"import-indexed-{n}.sql"),
    ]:
        prep()
        data = OUT / ("perf-" + name.split()[0] + ".data")
        i = open(stdin, "rb") if stdin else subprocess.DEVNULL
        subprocess.run(["perf", "record", "-q", "-o", data] + PIN + [str(c) for c in cmd], stdin=i,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=True)
        if stdin:
            i.close()
        dso = subprocess.run(["perf", "report", "-i", data, "--sort", "dso", "--stdio", "--no-children"],
                             capture_output=True, text=True).stdout
        reports[name] = [l.strip() for l in dso.splitlines() if l.strip() and not l.startswith("#")][:6]
        if name == "civic load":
            sym = subprocess.run(["perf", "report", "-i", data, "--no-children", "--stdio", "--percent-limit", "1.5"],
                                 capture_output=True, text=True).stdout
            top = [l.rstrip() for l in sym.splitlines() if l.strip() and not l.startswith("#") and "%" in l][:16]
            dem = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(top), capture_output=True, text=True).stdout
            reports["civic top"] = [l[:150] for l in dem.splitlines()]
    for name in ("civic load", "sqlite3 .import + indexes"):
        out += [f"{name}:", "", "```", *reports[name], "```", ""]
    shares = {}
    for name in ("civic load", "sqlite3 .import + indexes"):
        pct = next((float(l.split("%")[0]) for l in reports[name] if "libsqlite3" in l), 0.0)
        shares[name] = pct / 100 * medians[name]
    out += [f"SQLite's own share of the median times: civic {shares['civic load']:.2f} s, "
            f"the shell {shares['sqlite3 .import + indexes']:.2f} s; everything else: civic "
            f"{medians['civic load'] - shares['civic load']:.2f} s, the shell "
            f"{medians['sqlite3 .import + indexes'] - shares['sqlite3 .import + indexes']:.2f} s.", ""]
    out += ["civic's functions over 1.5% of its samples:", "", "```", *reports["civic top"], "```"]
    return "\n".join(out)


def national_inputs(sizes):
    """The generated national files (made once, kept in OUT): the bodies that pay (the national
    demo institutions and roles, in OUT/bodies) and, for each size N, OUT/payments-N holding the
    first N payments of the largest file and its layout. Returns (gen folder, bodies, {N: file})."""
    OUT.mkdir(parents=True, exist_ok=True)
    largest = max(SIZES + ([BIG] if BIG else []))
    gen = OUT / f"national-{largest}"
    if not (gen / "demo_payments.csv").exists():
        print(f"generating {largest:,} national payments…", file=sys.stderr)
        sh([sys.executable, str(ROOT / "Datasets/demo/generate.py"), "--scale", "national",
            "--payments", str(largest), "--out", str(gen)], stdout=subprocess.DEVNULL)
    layout = json.loads((ROOT / "Datasets/demo/demo_payments.layout.json").read_text())

    # The bodies that pay: the real data plus the national demo institutions and roles.
    bodies = OUT / "bodies"
    bodies.mkdir(exist_ok=True)
    for k in ("institutions", "roles"):
        shutil.copyfile(gen / f"demo_{k}.csv", bodies / f"demo_{k}.csv")
        shutil.copyfile(ROOT / f"Datasets/demo/demo_{k}.layout.json", bodies / f"demo_{k}.layout.json")

    # Each size is the first N payments of the largest file (national_N/demo_payments.csv).
    files = {}
    for n in sorted(set(sizes)):
        d = OUT / f"payments-{n}"
        d.mkdir(exist_ok=True)
        f = d / "demo_payments.csv"
        if not f.exists() or sum(1 for _ in open(f, "rb")) != n + 1:
            with open(gen / "demo_payments.csv", "rb") as src, open(f, "wb") as dst:
                for i, line in enumerate(src):
                    if i > n:
                        break
                    dst.write(line)
        (d / "demo_payments.layout.json").write_text(json.dumps(layout, indent=2))
        files[n] = f
    return gen, bodies, files


def main():
    gen, bodies, files = national_inputs(SIZES + ([BIG] if BIG else []))
    layout = json.loads((ROOT / "Datasets/demo/demo_payments.layout.json").read_text())
    base = OUT / "base.sqlite"
    fresh(base)()
    sh([CIVIC, "load", "--no-demo", "--db", str(base)], stdout=subprocess.DEVNULL)
    sh([CIVIC, "load", "--db", str(base), str(bodies)], stdout=subprocess.DEVNULL)
    # The BEFORE binary loads onto a base of its own making: its schema may be another version.
    base_before = OUT / "base-before.sqlite"
    if BEFORE:
        # With the bundled files of its own commit (a checkout's Datasets/ beside its .build/),
        # whose layouts it reads.
        before_datasets = Path(BEFORE).parents[2] / "Datasets"
        before_env = dict(ENV, CIVIC_DATASETS=str(before_datasets)) if before_datasets.is_dir() else ENV
        fresh(base_before)()
        subprocess.run([BEFORE, "load", "--no-demo", "--db", str(base_before)], check=True, env=before_env, stdout=subprocess.DEVNULL)
        subprocess.run([BEFORE, "load", "--db", str(base_before), str(bodies)], check=True, env=before_env, stdout=subprocess.DEVNULL)

    run = OUT / "run"
    run.mkdir(exist_ok=True)
    civic_db, import_db, py_db = run / "civic.sqlite", run / "import.sqlite", run / "python.sqlite"
    sections = []
    phases = {}
    for n in SIZES:
        f = files[n]
        with_idx = OUT / f"import-indexed-{n}.sql"
        with_idx.write_text("\n".join([REFERENCE_TABLE, ".mode csv", f".import --skip 1 {f} payments", *REFERENCE_INDEXES]) + "\n")
        no_idx = OUT / f"import-{n}.sql"
        no_idx.write_text("\n".join([REFERENCE_TABLE, ".mode csv", f".import --skip 1 {f} payments"]) + "\n")
        res = compare(f"{n:,} payments", [
            ("civic load (validating; 6 indexes)", copy(base, civic_db), PIN + [CIVIC, "load", "--db", civic_db, f], None),
            ("sqlite3 typed .import + the same indexes", fresh(import_db), PIN + ["sqlite3", import_db], with_idx),
            ("sqlite3 typed .import, no indexes", fresh(import_db), PIN + ["sqlite3", import_db], no_idx),
            ("Benchmarks/python_loader.py (no indexes)", fresh(py_db),
             PIN + [sys.executable, ROOT / "Benchmarks/python_loader.py", py_db, f, "utf-8", "0", "1", "3", "2"], None),
            ("civic load, both cores (not pinned)", copy(base, civic_db), [CIVIC, "load", "--db", civic_db, f], None),
        ] + ([(f"civic before ({BEFORE_NAME})", copy(base_before, civic_db), PIN + [BEFORE, "load", "--db", civic_db, f], None)]
             if BEFORE and n == min(SIZES) else []))
        civic_med = statistics.median(t for t, _ in res["civic load (validating; 6 indexes)"])
        ref_med = statistics.median(t for t, _ in res["sqlite3 typed .import + the same indexes"])
        lines = [f"### {n:,} payments ({f.stat().st_size / 2**20:,.0f} MiB of CSV)", "",
                 "| loader | min s | median s | rows/s (median) | peak MiB | median ÷ civic's |",
                 "|---|---:|---:|---:|---:|---:|"]
        for name, runs in res.items():
            lines.append(row(name, runs, n, civic_med))
        lines += ["", f"civic ÷ (.import + the same indexes), medians: **{civic_med / ref_med:.2f}** "
                      f"(the target is 0.67 or less, 1.5× faster)."]
        # Where civic's time goes: one more pinned run with CIVIC_TIMINGS.
        copy(base, civic_db)()
        p = subprocess.run(PIN + [CIVIC, "load", "--db", civic_db, f], env=dict(ENV, CIVIC_TIMINGS="1"),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        phases[n] = p.stderr.split("load phases:\n", 1)[-1].rstrip()
        lines += ["", "Where civic's time goes (one more pinned run, `CIVIC_TIMINGS=1`):", "", "```", phases[n], "```"]
        if n == min(SIZES):
            lines += ["", profile(f, n, {"civic load": civic_med, "sqlite3 .import + indexes": ref_med})]
        sections.append("\n".join(lines))

    # Adding a month to the biggest database of the run.
    n = max(SIZES)
    big_db = OUT / f"national-{n}.sqlite"
    copy(base, big_db)()
    sh([CIVIC, "load", "--db", str(big_db), str(files[n])], stdout=subprocess.DEVNULL)
    # The next month, as a newsroom would add it: the database's last 40,000 payments again, each
    # dated a month (31 days) later, so the dates are new and follow those already loaded.
    month_dir = OUT / "month"
    month_dir.mkdir(exist_ok=True)
    month = month_dir / "national_month.csv"
    with open(files[n], newline="") as src:
        reader = csv.reader(src)
        header = next(reader)
        last = collections.deque(reader, maxlen=40_000)
    with open(month, "w", newline="") as dst:
        w = csv.writer(dst, lineterminator="\n")
        w.writerow(header)
        for r in last:
            r[1] = (datetime.date.fromisoformat(r[1]) + datetime.timedelta(days=31)).isoformat()
            w.writerow(r)
    first_day = (datetime.date.fromisoformat(last[0][1])).isoformat()
    last_day = (datetime.date.fromisoformat(last[-1][1])).isoformat()
    ml = dict(layout, file="national_month.csv",
              source=dict(layout["source"], period_start=first_day, period_end=last_day))
    (month_dir / "national_month.layout.json").write_text(json.dumps(ml, indent=2))
    res = compare("adding a month", [
        ("civic load of a 40,000-row file onto the database", copy(big_db, civic_db), PIN + [CIVIC, "load", "--db", civic_db, month], None),
    ])
    db_mib = big_db.stat().st_size / 2**20
    copy(big_db, civic_db)()
    p = subprocess.run(PIN + [CIVIC, "load", "--db", civic_db, month], env=dict(ENV, CIVIC_TIMINGS="1"),
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    month_phases = p.stderr.split("load phases:\n", 1)[-1].rstrip()
    month_section = "\n".join([
        f"### Adding a 40,000-row month to the {n:,}-payment database ({db_mib:,.0f} MiB)", "",
        "The month is the database's last 40,000 payments dated 31 days later (new dates after all those loaded).", "",
        "| what | min s | median s | rows/s (median) | peak MiB | |", "|---|---:|---:|---:|---:|---:|",
        row("civic load national_month.csv", res["civic load of a 40,000-row file onto the database"], 40_000),
        "", "The target is under 2 s. Phases of one more run:", "", "```", month_phases, "```"])

    # Memory at the biggest size, once.
    big_section = ""
    if BIG:
        copy(base, civic_db)()
        t, mib = timed(PIN + [CIVIC, "load", "--db", civic_db, files[BIG]])
        big_section = "\n".join([
            f"### {BIG:,} payments, once, for memory ({files[BIG].stat().st_size / 2**20:,.0f} MiB of CSV)", "",
            f"civic load: {t:.1f} s ({BIG / t:,.0f} rows/s), peak resident memory **{mib:,.0f} MiB**."])
        fresh(civic_db)()

    # The bundled load, as every user's first command does it.
    bundled = run / "bundled.sqlite"
    res = compare("bundled", [("civic load (all of Datasets/, demo layer included)", fresh(bundled), PIN + [CIVIC, "load", "--db", bundled], None)]
                  + ([(f"civic before ({BEFORE_NAME}; its own commit's Datasets/)", fresh(bundled),
                       PIN + ["env", f"CIVIC_DATASETS={before_env['CIVIC_DATASETS']}", BEFORE, "load", "--db", bundled], None)] if BEFORE else []))
    if BEFORE:  # the last run may have been the BEFORE binary's, of its own Datasets/: count civic's
        fresh(bundled)()
        sh([CIVIC, "load", "--db", str(bundled)], stdout=subprocess.DEVNULL)
    rows_bundled = int(subprocess.run(["sqlite3", bundled, "SELECT sum(rows_loaded) FROM sources"], capture_output=True, text=True).stdout)
    bundled_med = statistics.median(t for t, _ in res["civic load (all of Datasets/, demo layer included)"])
    bundled_section = "\n".join([
        "### The bundled load", "", "| what | min s | median s | rows/s (median) | peak MiB | median ÷ civic's |", "|---|---:|---:|---:|---:|---:|",
        *[row(f"{name} ({rows_bundled:,} rows)", runs, rows_bundled, bundled_med) for name, runs in res.items()]])

    text = "\n".join([
        "## Loading", "",
        f"Written by `Benchmarks/run loads` on {machine_facts()} {REPS} alternating runs of each command (A B C … A B C …), "
        "each pinned to one core with `taskset -c 0` except the two-core line; min and median wall clock, "
        "peak resident memory from the kernel (`wait4`, as `/usr/bin/time -v` reports it). "
        "The machine is shared and noisy: read the ratios, not the seconds.", "",
        "The input is the synthetic national demo layer (`Datasets/demo/generate.py --scale national`): "
        "each size is the first N payments of one generated file. civic loads it onto a database already "
        "holding the real data and the national demo institutions and roles (the payers), copied fresh before "
        "each run, outside the timing, and validates every row (dates, money, payer, category, supplier) and "
        "records its source line. The sqlite3 shell imports the same CSV into a typed table and validates nothing; "
        "`.import + the same indexes` then runs the CREATE INDEX statements civic makes for payments, on the "
        "imported table's columns. The Python loader parses dates and money and inserts with executemany.", "",
        *[s + "\n" for s in sections],
        month_section, "",
        big_section, "",
        bundled_section, "",
    ])
    write_section("loads", text)
    print(text)


def machine_facts():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0].split(" (")[0]
    return (f"{time.strftime('%Y-%m-%d')}; {os.cpu_count()} cores ({cpu}), {int(mem) / 2**20:.0f} GiB; "
            f"Linux {platform.release()}; SQLite {sqlite}; {swift}; Python {platform.python_version()}.")


RESULTS_HEAD = """# Benchmarks

Four parts, each written by its own part of `Benchmarks/run` (`Benchmarks/run loads`,
`Benchmarks/run queries`, `Benchmarks/run postgres`, `Benchmarks/run profile`, or all four with no argument); a part not
run keeps its last figures, with the date it was measured. The machine is shared and noisy: read
the ratios, not the seconds.
"""

# The parts of RESULTS.md, in order, each between its markers (`<!-- loads -->` … `<!-- /loads -->`).
PARTS = ("loads", "queries", "postgres", "profile")


def write_section(name, text):
    """Replaces one part of Benchmarks/RESULTS.md (between its markers), keeping the others."""
    path = ROOT / "Benchmarks" / "RESULTS.md"
    old = path.read_text() if path.exists() else ""
    begin, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    parts = {}
    for other in PARTS:
        b, e = f"<!-- {other} -->", f"<!-- /{other} -->"
        if b in old and e in old:
            parts[other] = old[old.index(b) + len(b):old.index(e)].strip("\n")
    parts[name] = text.rstrip()
    body = [RESULTS_HEAD]
    for other in PARTS:
        if other in parts:
            body += [f"<!-- {other} -->", parts[other], f"<!-- /{other} -->", ""]
    path.write_text("\n".join(body).rstrip() + "\n")


if __name__ == "__main__":
    main()
