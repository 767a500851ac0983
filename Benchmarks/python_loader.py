#!/usr/bin/env python3
"""Reference loader for the benchmark: what a careful person would write in Python.

Reads one spending CSV with the csv module, parses the date and the amount into ISO text and
integer pence (the same work civic does), and inserts the rows into a SQLite table in one
transaction with executemany.

Usage: python_loader.py DB CSV ENCODING SKIP DATE_COL AMOUNT_COL SUPPLIER_COL [STOP_FIRST_FIELD]
"""
import csv
import sqlite3
import sys
from datetime import date
from decimal import Decimal, ROUND_HALF_UP

db, path, encoding, skip, dcol, acol, scol = sys.argv[1:8]
stop = sys.argv[8] if len(sys.argv) > 8 else None
skip, dcol, acol, scol = int(skip), int(dcol), int(acol), int(scol)


def parse_date(t):
    t = t.strip()
    if len(t) == 10 and t[2] == "/":
        return date(int(t[6:]), int(t[3:5]), int(t[:2])).isoformat()
    return date.fromisoformat(t).isoformat()


def parse_pence(t):
    t = t.strip().replace(",", "").replace("£", "")
    neg = t.startswith("(") and t.endswith(")")
    if neg:
        t = t[1:-1]
    v = int((Decimal(t) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return -v if neg else v


con = sqlite3.connect(db)
con.execute("CREATE TABLE IF NOT EXISTS payments (paid_on TEXT, supplier TEXT, amount_pence INTEGER, source_line INTEGER)")


def rows():
    with open(path, encoding=encoding, newline="") as f:
        r = csv.reader(f)
        for i, rec in enumerate(r):
            if i < skip + 1:
                continue
            if stop and rec and rec[0] == stop:
                break
            if not any(rec) or len(rec) <= max(dcol, acol, scol):
                continue  # Lambeth's fused rows: this reference loader does not repair them
            yield (parse_date(rec[dcol]), rec[scol], parse_pence(rec[acol]), r.line_num)


with con:
    con.executemany("INSERT INTO payments VALUES (?, ?, ?, ?)", rows())
n = con.execute("SELECT count(*) FROM payments").fetchone()[0]
print(n)
