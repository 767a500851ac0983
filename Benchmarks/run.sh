#!/usr/bin/env bash
# Loads the bundled spending files three ways in one run and prints rows/s for each:
#   civic    - `civic load` (release build): streaming reader, layout, typed parsing, validation,
#              references resolved, repairs, provenance, all-or-nothing swap into place;
#   sqlite3  - the sqlite3 shell's `.import` into an untyped table (no parsing, no validation);
#   python   - Benchmarks/python_loader.py: csv module + date/money parsing + executemany.
# Each figure is the best of $RUNS runs. Writes Benchmarks/results.md.
# Then the same three on a national-scale spending file from the demo generator
# (NATIONAL_PAYMENTS payments, default 1,000,000; 0 skips it).
# Usage: bash Benchmarks/run.sh [RUNS]        NATIONAL_PAYMENTS=5000000 bash Benchmarks/run.sh 1
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
NATIONAL_PAYMENTS=${NATIONAL_PAYMENTS:-1000000}
OUT=Benchmarks/out
rm -rf "$OUT"; mkdir -p "$OUT"
swift build -c release --product civic >/dev/null
CIVIC=$(swift build -c release --show-bin-path)/civic
export CIVIC_DATASETS="$PWD/Datasets"

now() { date +%s.%N; }
best() {  # best wall time in seconds of running "$@" RUNS times (each run gets a fresh $OUT/run)
  local b=""
  for _ in $(seq "$RUNS"); do
    rm -rf "$OUT/run"; mkdir -p "$OUT/run"
    [ -n "${PREP:-}" ] && eval "$PREP"
    local s e t
    s=$(now); "$@" >/dev/null 2>&1; e=$(now)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || (( $(echo "$t < $b" | bc -l) )); then b=$t; fi
  done
  echo "$b"
}

# A base database with everything but the spending files, for civic's incremental loads.
mkdir -p "$OUT/base-datasets"
for f in Datasets/*.layout.json; do
  case "$f" in *spend*|*payments*|*sutton_coldfield*) continue;; esac
  cp "$f" "$OUT/base-datasets/"; cp "Datasets/$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["file"])' "$f")" "$OUT/base-datasets/"
done
cp Datasets/PROVENANCE.md "$OUT/base-datasets/"
CIVIC_DATASETS="$OUT/base-datasets" "$CIVIC" load --no-demo --db "$OUT/base.sqlite" >/dev/null

declare -A ENC=( [manchester_spend_over_500_2021-22.csv]=utf-8 [bradford_spend_over_500_2019.csv]=cp1252 [lambeth_payments_over_500_2012-06.csv]=utf-8 )
declare -A SKIP=( [manchester_spend_over_500_2021-22.csv]=0 [bradford_spend_over_500_2019.csv]=0 [lambeth_payments_over_500_2012-06.csv]=9 )
declare -A COLS=( [manchester_spend_over_500_2021-22.csv]="3 5 6" [bradford_spend_over_500_2019.csv]="4 6 8" [lambeth_payments_over_500_2012-06.csv]="3 4 2" )

printf '| file | rows | civic s | civic rows/s | sqlite3 .import s | .import rows/s | python s | python rows/s |\n' > "$OUT/table.md"
printf '|---|---:|---:|---:|---:|---:|---:|---:|\n' >> "$OUT/table.md"
total_rows=0; tc=0; ts=0; tp=0
for f in manchester_spend_over_500_2021-22.csv bradford_spend_over_500_2019.csv lambeth_payments_over_500_2012-06.csv; do
  PREP="cp $OUT/base.sqlite $OUT/run/civic.sqlite"
  c=$(best "$CIVIC" load --db "$OUT/run/civic.sqlite" "Datasets/$f")
  rows=$(cp "$OUT/base.sqlite" "$OUT/count.sqlite" && "$CIVIC" load --db "$OUT/count.sqlite" "Datasets/$f" >/dev/null && sqlite3 "$OUT/count.sqlite" "SELECT rows_loaded FROM sources WHERE file='$f'")
  PREP=""
  skip=${SKIP[$f]}
  s=$(best sqlite3 "$OUT/run/import.sqlite" ".mode csv" ".import --skip $skip Datasets/$f t")
  set -- ${COLS[$f]}
  p=$(best python3 Benchmarks/python_loader.py "$OUT/run/py.sqlite" "Datasets/$f" "${ENC[$f]}" "$skip" "$1" "$2" "$3" Total)
  printf '| %s | %s | %.2f | %s | %.2f | %s | %.2f | %s |\n' "$f" "$rows" "$c" "$(printf '%.0f' "$(echo "$rows / $c" | bc -l)")" \
    "$s" "$(printf '%.0f' "$(echo "$rows / $s" | bc -l)")" "$p" "$(printf '%.0f' "$(echo "$rows / $p" | bc -l)")" >> "$OUT/table.md"
  total_rows=$((total_rows + rows)); tc=$(echo "$tc + $c" | bc -l); ts=$(echo "$ts + $s" | bc -l); tp=$(echo "$tp + $p" | bc -l)
done
printf '| **all three** | %s | %.2f | %s | %.2f | %s | %.2f | %s |\n' "$total_rows" "$tc" "$(printf '%.0f' "$(echo "$total_rows / $tc" | bc -l)")" \
  "$ts" "$(printf '%.0f' "$(echo "$total_rows / $ts" | bc -l)")" "$tp" "$(printf '%.0f' "$(echo "$total_rows / $tp" | bc -l)")" >> "$OUT/table.md"

PREP=""
full=$(best "$CIVIC" load --db "$OUT/run/full.sqlite")
"$CIVIC" load --db "$OUT/full.sqlite" >/dev/null
full_rows=$(sqlite3 "$OUT/full.sqlite" "SELECT sum(rows_loaded) FROM sources")

# National scale: the generator's national demo layer with NATIONAL_PAYMENTS payments. civic loads
# the payments file onto a database that already holds the real data and the national demo
# institutions and roles (the payers), so the three loaders handle the same file.
national=""
if [ "$NATIONAL_PAYMENTS" -gt 0 ]; then
  python3 Datasets/demo/generate.py --scale national --payments "$NATIONAL_PAYMENTS" --out "$OUT/national" >/dev/null
  cp Datasets/demo/*.layout.json "$OUT/national/"
  mkdir -p "$OUT/national-bodies"
  for k in institutions roles; do cp "$OUT/national/demo_$k.csv" "$OUT/national/demo_$k.layout.json" "$OUT/national-bodies/"; done
  cp "$OUT/base.sqlite" "$OUT/national-base.sqlite"
  "$CIVIC" load --db "$OUT/national-base.sqlite" "$OUT/national-bodies" >/dev/null
  PREP="cp $OUT/national-base.sqlite $OUT/run/civic.sqlite"
  nc=$(best "$CIVIC" load --db "$OUT/run/civic.sqlite" "$OUT/national/demo_payments.csv")
  PREP=""
  ns=$(best sqlite3 "$OUT/run/import.sqlite" ".mode csv" ".import --skip 0 $OUT/national/demo_payments.csv t")
  np=$(best python3 Benchmarks/python_loader.py "$OUT/run/py.sqlite" "$OUT/national/demo_payments.csv" utf-8 0 1 3 2)
  cp "$OUT/national-base.sqlite" "$OUT/national-phases.sqlite"
  phases=$(CIVIC_TIMINGS=1 "$CIVIC" load --db "$OUT/national-phases.sqlite" "$OUT/national/demo_payments.csv" 2>&1 >/dev/null | sed -n '/load phases/,$p' | tail -n +2)
  n=$NATIONAL_PAYMENTS
  national=$(
    echo "## National scale"
    echo
    echo "\`demo_payments.csv\` from \`python3 Datasets/demo/generate.py --scale national --payments $n\` ($(du -h "$OUT/national/demo_payments.csv" | cut -f1), synthetic), loaded in the same run. civic's figure is \`civic load demo_payments.csv\` onto a database already holding the real data and the national demo institutions and roles ($(du -h "$OUT/national-base.sqlite" | cut -f1), copied first, as above)."
    echo
    echo '| loader | s | rows/s |'
    echo '|---|---:|---:|'
    printf '| civic | %.2f | %s |\n' "$nc" "$(printf '%.0f' "$(echo "$n / $nc" | bc -l)")"
    printf '| sqlite3 .import | %.2f | %s |\n' "$ns" "$(printf '%.0f' "$(echo "$n / $ns" | bc -l)")"
    printf '| python | %.2f | %s |\n' "$np" "$(printf '%.0f' "$(echo "$n / $np" | bc -l)")"
    echo
    echo "Where civic's time goes (one run, \`CIVIC_TIMINGS=1\`):"
    echo
    echo '```'
    echo "$phases"
    echo '```'
  )
fi

{
  echo "# Load benchmark"
  echo
  echo "Measured by \`bash Benchmarks/run.sh $RUNS\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m), SQLite $(sqlite3 --version | cut -d' ' -f1), $(swift --version 2>&1 | head -1 | sed 's/ (.*//'), $(python3 --version). Best of $RUNS runs, wall clock."
  echo
  echo "Each spending file loaded three ways in the same run. civic's figure is a whole \`civic load FILE\` onto a copy of a database holding everything else (so it includes opening and copying that database, ~$(du -h "$OUT/base.sqlite" | cut -f1), resolving the payer, grouping suppliers, checking keys and renaming into place). \`.import\` does no parsing or validation; the Python loader parses dates and money but does not repair Lambeth's fused rows (it drops them)."
  echo
  cat "$OUT/table.md"
  echo
  echo "The whole bundled load (\`civic load\`: $(sqlite3 "$OUT/full.sqlite" "SELECT count(*) FROM sources") files, $full_rows rows, demo layer included): $(printf '%.2f' "$full") s, $(printf '%.0f' "$(echo "$full_rows / $full" | bc -l)") rows/s."
  if [ -n "$national" ]; then echo; echo "$national"; fi
} > Benchmarks/results.md
cat Benchmarks/results.md
