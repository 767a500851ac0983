#!/usr/bin/env python3
"""Every payment's supplier text as its raw file has it, compared with what civic shows.

Usage: suppliers_as_published.py DATASETS_DIR CIVIC_CSV -> prints one JSON object:
{"files": {file: rows}, "compared": n, "mismatches": [...first 20...], "missing": n, "extra": n}

CIVIC_CSV is `civic query --format csv 'spending | show source, line, supplier'`. The raw side is
read with Python's csv module from each file's own header (never civic's layouts): the line of a
row is the physical line its record starts on. Lambeth's few rows whose supplier and invoice
date are fused into one field ("Catch2212/06/2012") are split at the dd/mm/yyyy date, as
PROVENANCE.md describes.
"""
import csv
import json
import re
import sys
from pathlib import Path

d = Path(sys.argv[1])


def records(name, encoding="utf-8"):
    """(line, fields) for every record, the line being where the record starts."""
    with open(d / name, encoding=encoding, newline="") as f:
        r = csv.reader(f)
        start = 1
        for rec in r:
            yield start, rec
            start = r.line_num + 1


expected = {}
counts = {}


def simple(name, column, encoding="utf-8"):
    it = records(name, encoding)
    _, header = next(it)
    i = header.index(column)
    n = 0
    for line, rec in it:
        if not any(c.strip() for c in rec):
            continue
        expected[(name, line)] = rec[i]
        n += 1
    counts[name] = n


simple("manchester_spend_over_500_2021-22.csv", "Supplier Name")
simple("bradford_spend_over_500_2019.csv", "Supplier Name", "cp1252")
simple("sutton_coldfield_town_council_expenditure_2016-17.csv", "Payee")
simple("demo/demo_payments.csv", "supplier")

# Lambeth: a preamble, the header on line 10, data until the "Total" line.
name = "lambeth_payments_over_500_2012-06.csv"
n = 0
header = None
for line, rec in records(name):
    if header is None:
        if rec and rec[0] == "Body":
            header = rec
            si = header.index("Supplier Name")
        continue
    if rec and rec[0] == "Total":
        break
    if not any(c.strip() for c in rec):
        continue
    text = rec[si]
    m = re.match(r"^(.*?)(\d{2}/\d{2}/\d{4})", text)
    if len(rec) < len(header) and m and m.end() < len(text) + 1 and re.search(r"\d{2}/\d{2}/\d{4}", text):
        text = m.group(1)  # supplier fused with the date (and perhaps the amount)
    expected[(name, line)] = text
    n += 1
counts[name] = n

shown = {}
with open(sys.argv[2], encoding="utf-8", newline="") as f:
    r = csv.DictReader(f)
    for row in r:
        src = row["source"]
        key = ("demo/" + src if src.startswith("demo_") else src, int(row["line"]))
        shown[key] = row["supplier"]

mismatches = [{"file": k[0], "line": k[1], "raw": v, "civic": shown.get(k)}
              for k, v in sorted(expected.items()) if k in shown and shown[k] != v]
print(json.dumps({
    "files": counts,
    "compared": sum(1 for k in expected if k in shown),
    "mismatches": mismatches[:20],
    "mismatch_count": len(mismatches),
    "missing": sum(1 for k in expected if k not in shown),
    "extra": sum(1 for k in shown if k not in expected),
}))
