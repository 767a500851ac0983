#!/usr/bin/env python3
"""Reads a civic export with Python's own modules, independently of civic, and prints
{"columns": [...], "rows": [[...], ...]} as JSON (every cell a string, "" when empty), or, for a
JSON document of several results, {"results": [...]}.

    read_export.py FORMAT FILE      FORMAT: csv tsv json jsonl markdown html table

Markdown and HTML tables are checked to be well-formed: every row has one cell per header
(a row with more or fewer cells is an error, exit 1)."""
import csv
import html.parser
import io
import json
import re
import sys


def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


def cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "%.2f" % v
    return str(v)


def read_csv(text, delimiter):
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return {"columns": rows[0], "rows": rows[1:]}


def read_json_result(d):
    cols = [c["name"] for c in d["columns"]]
    out = {"columns": cols, "rows": [[cell(r.get(c)) for c in cols] for r in d["rows"]], "meta": d.get("meta", {})}
    if "query" in d:
        out["query"] = d["query"]
    return out


def read_markdown(text):
    lines = [l for l in text.split("\n") if l.startswith("|")]
    def split(line):
        # Cells are separated by pipes that are not escaped.
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        return [c.strip().replace("\\|", "|").replace("\\*", "*").replace("\\_", "_") for c in cells]
    header = split(lines[0])
    rows = [split(l) for l in lines[2:]]
    for r in rows:
        if len(r) != len(header):
            fail("markdown row has %d cells under %d headers: %r" % (len(r), len(header), r))
    return {"columns": header, "rows": rows}


class Table(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.headers, self.rows, self.current, self.text, self.in_cell, self.in_table = [], [], None, "", False, False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.in_table = True
        if not self.in_table:
            return
        if tag == "tr":
            self.current = []
        elif tag in ("td", "th"):
            self.in_cell, self.text = True, ""

    def handle_endtag(self, tag):
        if not self.in_table:
            return
        if tag in ("td", "th"):
            self.in_cell = False
            (self.headers if tag == "th" else self.current).append(self.text)
        elif tag == "tr" and self.current:
            self.rows.append(self.current)
            self.current = None
        elif tag == "table":
            self.in_table = False

    def handle_data(self, data):
        if self.in_cell:
            self.text += data


def read_html(text):
    t = Table()
    t.feed(text)
    for r in t.rows:
        if len(r) != len(t.headers):
            fail("html row has %d <td> under %d <th>: %r" % (len(r), len(t.headers), r))
    return {"columns": t.headers, "rows": t.rows}


def read_table(text):
    """A plain table: the rows between the dashes and the blank line; which end in '  *'."""
    lines = text.split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("---"))
    rows = []
    for l in lines[start + 1:]:
        if not l.strip():
            break
        rows.append(l)
    return {"columns": [], "rows": [[r, "*" if r.endswith("  *") else ""] for r in rows]}


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    if fmt == "csv":
        out = read_csv(text, ",")
    elif fmt == "tsv":
        out = read_csv(text, "\t")
    elif fmt == "json":
        d = json.loads(text)  # one document, or json.loads fails ("Extra data")
        out = {"results": [read_json_result(r) for r in d["results"]]} if "results" in d else read_json_result(d)
    elif fmt == "jsonl":
        objs = [json.loads(l) for l in text.split("\n") if l.strip()]
        objs = [o for o in objs if "meta" not in o]
        cols = [k for k in objs[0].keys()] if objs else []
        out = {"columns": cols, "rows": [[cell(o.get(c)) for c in cols] for o in objs]}
    elif fmt == "markdown":
        out = read_markdown(text)
    elif fmt == "html":
        out = read_html(text)
    elif fmt == "table":
        out = read_table(text)
    else:
        fail("unknown format " + fmt)
    json.dump(out, sys.stdout)


main()
