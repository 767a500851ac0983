#!/usr/bin/env bash
# Times the 14 normative examples of LANGUAGE.md and a few heavier queries two ways in one run:
#   civic    - `civic query --format csv Q` (release build): lex, parse, check, compile, run, write;
#   sqlite3  - the sqlite3 shell running the very SQL civic compiles Q to, with the same bound
#              values (Benchmarks/explain_to_sqlite.py), writing its default list output.
# On the bundled database, then on a national-scale one: the real data plus the generator's
# national demo layer with NATIONAL_PAYMENTS payments (default 5,000,000; 0 skips it).
# Each figure is the best of RUNS runs. Writes Benchmarks/queries.md.
# Usage: bash Benchmarks/queries.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
NATIONAL_PAYMENTS=${NATIONAL_PAYMENTS:-5000000}
OUT=Benchmarks/out/queries
rm -rf "$OUT"; mkdir -p "$OUT"
swift build -c release --product civic >/dev/null
CIVIC=$(swift build -c release --show-bin-path)/civic
export CIVIC_DATASETS="$PWD/Datasets"

QUERIES=(
  'institutions in ward "Hodge Hill" spending on "youth services"'
  'councillors in ward "Hodge Hill"'
  'governors of schools in ward "Hodge Hill"'
  'spending by council "Manchester" during fy 2021/22 | total amount by category | sort total desc | top 10'
  'suppliers paid by council "Birmingham" spending on "youth services" | sort paid desc | top 10'
  'people where roles >= 2 | sort roles desc'
  'spending over £100k during 2019 | sort amount desc | top 20'
  'wards in council "Birmingham" | show name, population, councillors | sort population desc'
  'budgets during fy 2017/18 | total amount by kind | chart'
  'institutions named "academy" | count'
  'wards in constituency "Hodge Hill"'
  'institutions in "Hodge Hill"'
  'suppliers paid by council "Bradford" spending on "youth services" during 2019 | sort paid desc | top 10'
  'spending by council "Lambeth" during 2012-06 | count'
  'spending during 2023 | total amount by category | sort total desc | top 5'
  'suppliers | sort paid desc | top 5'
  'wards | show name, spent | sort spent desc | top 5'
  'spending | show date, payer, supplier, amount'
)

best() {  # best wall time in seconds of running "$@" RUNS times
  local b="" s e t
  for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || (( $(echo "$t < $b" | bc -l) )); then b=$t; fi
  done
  echo "$b"
}

table() {  # table DB TITLE
  local db=$1
  echo "| # | query | rows | civic s | sqlite3 s (same SQL) |"
  echo "|---:|---|---:|---:|---:|"
  local i=0
  for q in "${QUERIES[@]}"; do
    i=$((i + 1))
    local c s rows
    c=$(best "$CIVIC" query --db "$db" --format csv "$q")
    if "$CIVIC" query --db "$db" --explain "$q" > "$OUT/explain.txt" 2>/dev/null; then
      python3 Benchmarks/explain_to_sqlite.py < "$OUT/explain.txt" > "$OUT/q.sql"
      s=$(printf '%.3f' "$(best sqlite3 -readonly "$db" ".read $OUT/q.sql")")
      rows=$(sqlite3 -readonly "$db" ".read $OUT/q.sql" | wc -l)
    else
      s="(an error, by design)"; rows=0
    fi
    printf '| %s | `%s` | %s | %.3f | %s |\n' "$i" "${q//|/\\|}" "$rows" "$c" "$s"
  done
}

"$CIVIC" load --db "$OUT/bundled.sqlite" >/dev/null
bundled=$(table "$OUT/bundled.sqlite")
payments_bundled=$(sqlite3 "$OUT/bundled.sqlite" "SELECT count(*) FROM payments")

national=""
if [ "$NATIONAL_PAYMENTS" -gt 0 ]; then
  python3 Datasets/demo/generate.py --scale national --payments "$NATIONAL_PAYMENTS" --out "$OUT/national" >/dev/null
  cp Datasets/demo/*.layout.json "$OUT/national/"
  "$CIVIC" load --no-demo --db "$OUT/national.sqlite" >/dev/null
  "$CIVIC" load --db "$OUT/national.sqlite" "$OUT/national" >/dev/null
  payments_national=$(sqlite3 "$OUT/national.sqlite" "SELECT count(*) FROM payments")
  national=$(
    echo "## National scale"
    echo
    echo "The real data plus \`generate.py --scale national --payments $NATIONAL_PAYMENTS\` ($payments_national payments in all, $(du -h "$OUT/national.sqlite" | cut -f1)). The Birmingham demo layer is not in this database, so the demo examples (1, 3, 5) find little or nothing."
    echo
    table "$OUT/national.sqlite"
  )
fi

{
  echo "# Query benchmark"
  echo
  echo "Measured by \`bash Benchmarks/queries.sh $RUNS\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m), SQLite $(sqlite3 --version | cut -d' ' -f1), $(swift --version 2>&1 | head -1 | sed 's/ (.*//'). Best of $RUNS runs, wall clock, output to /dev/null. civic writes CSV; the sqlite3 shell runs the SQL civic compiles the query to, with the same bound values, so the difference is civic's own work (start-up, names, checking, compiling, formatting, citations and coverage notes)."
  echo
  echo "## Bundled data"
  echo
  echo "The bundled \`Datasets/\` with the Birmingham demo layer ($payments_bundled payments)."
  echo
  echo "$bundled"
  if [ -n "$national" ]; then echo; echo "$national"; fi
} > Benchmarks/queries.md
cat Benchmarks/queries.md
