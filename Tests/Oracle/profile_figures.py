#!/usr/bin/env python3
"""The figures `civic profile` shows, made again from the raw bundled files by an independent
reader, for Tests/CivicEndToEndTests/ProfileFiguresTests.swift to compare block by block.

Written from Datasets/PROVENANCE.md (and the demo layer's README) alone, in the manner of
raw_counts.py: Python's csv module and Decimal, each file's quirks known by hand. It never reads
civic's layouts, code or database, and never category_aliases.csv or party_labels.csv (civic's
editorial files).

Usage: profile_figures.py DATASETS_DIR  -> prints one JSON object. Money is in pence (integers).
"""
import csv
import json
import re
import sys
from collections import defaultdict
from decimal import Decimal, ROUND_HALF_UP
from pathlib import Path

d = Path(sys.argv[1])


def rows(name, encoding="utf-8"):
    with open(d / name, encoding=encoding, newline="") as f:
        return list(csv.reader(f))


def pence(text):
    """'1,800', '(264,795.53)', '949.6', '-12.00' -> pence, half up."""
    t = text.strip().replace(",", "").replace("£", "")
    neg = t.startswith("(") and t.endswith(")")
    if neg:
        t = t[1:-1]
    v = (Decimal(t) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(-v if neg else v)


def thousands_to_pence(text):
    """An MHCLG cell in £ thousands (an unrounded float) -> pence, half up; None when blank."""
    v = text.strip()
    if v in ("", "...", "…"):
        return None
    return int((Decimal(v) * 100000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def per_head(p, population):
    """Pence ÷ people, to the penny, half up."""
    return int((Decimal(p) / population).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- Supplier names -------------------------------------------------------------------------
# civic groups a council's payments by supplier under a normalised name and shows one spelling
# of it (possibly another file's). An independent reader cannot know civic's exact rule, so it
# uses a deliberately loose key (case, punctuation, spacing, "&"/"and", "Limited"/"Ltd", a
# leading "The" all ignored). A group whose loose key covers one raw spelling only is
# *unambiguous*: any rule from "exact text" to this loose key gives it the same payments and
# total. Redacted payees are not a supplier (PROVENANCE: "do not treat as one supplier").
REDACTED = {"Redacted Personal Information", "REDACTED PERSONAL DATA"}


def loose(name):
    t = name.lower().replace("&", " and ")
    words = re.sub(r"[^0-9a-z]+", " ", t).split()
    words = ["ltd" if w == "limited" else w for w in words]
    if words[:1] == ["the"]:
        words = words[1:]
    return "".join(words)


# Every spelling of each loose key in any bundled spending file, so that the test can find the
# group behind whichever spelling civic shows.
spellings = defaultdict(set)


def spending_file(name, encoding, date_column, amount_column, supplier_column):
    t = rows(name, encoding)
    h = t[0]
    di, ai, si = h.index(date_column), h.index(amount_column), h.index(supplier_column)
    data = [r for r in t[1:] if any(c.strip() for c in r)]
    for r in data:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", r[di]), (name, r[di])  # ISO dates, per PROVENANCE
        spellings[loose(r[si])].add(r[si])
    return [(r[di], pence(r[ai]), r[si]) for r in data]


def council_spending(payments, top=10):
    by_month = defaultdict(int)
    for date, p, _ in payments:
        by_month[date[:7]] += p
    # Suppliers: exact spellings and loose keys.
    exact = defaultdict(lambda: [0, 0])
    groups = defaultdict(lambda: {"payments": 0, "pence": 0, "spellings": set()})
    for _, p, s in payments:
        if s in REDACTED:
            continue
        exact[s][0] += 1
        exact[s][1] += p
        g = groups[loose(s)]
        g["payments"] += 1
        g["pence"] += p
        g["spellings"].add(s)
    loose_totals = sorted((g["pence"] for g in groups.values()), reverse=True)
    exact_totals = sorted((v[1] for v in exact.values()), reverse=True)
    ranked = sorted(groups.items(), key=lambda kv: -kv[1]["pence"])
    suppliers = []
    for key, g in ranked[: top * 3]:
        unambiguous = len(g["spellings"]) == 1
        t = g["pence"]
        # Whatever civic's rule between exact text and the loose key, an unambiguous group is in
        # its top `top` when fewer than `top` loose groups paid more; it is not when at least
        # `top` exact spellings (other than its own) did.
        above_loose = sum(1 for x in loose_totals if x > t)
        above_exact = sum(1 for x in exact_totals if x > t)
        suppliers.append({
            "key": key,
            "payments": g["payments"],
            "pence": t,
            "unambiguous": unambiguous,
            "must_be_in_top": unambiguous and above_loose < top,
            "cannot_be_in_top": unambiguous and above_exact >= top,
            "spellings": sorted(g["spellings"]),
        })
    return {
        "rows": len(payments),
        "pence": sum(p for _, p, _ in payments),
        "by_month": [[m, p] for m, p in sorted(by_month.items())],
        "redacted_rows": sum(1 for *_, s in payments if s in REDACTED),
        "suppliers": suppliers,
    }


out = {}

# Manchester: Invoice Payment Date (YYYY-MM-DD), Net Amount (plain decimals), Supplier Name.
man = spending_file("manchester_spend_over_500_2021-22.csv", "utf-8", "Invoice Payment Date", "Net Amount", "Supplier Name")
# Bradford: Windows-1252; Payment date (YYYY-MM-DD); Net Amount with bracketed negatives and
# thousands separators.
brad = spending_file("bradford_spend_over_500_2019.csv", "cp1252", "Payment date", "Net Amount", "Supplier Name")
# The other spending files only add spellings (a supplier is shared across payers).
lam = rows("lambeth_payments_over_500_2012-06.csv")
for r in lam[10:]:
    if r and r[0] == "Total":
        break
    if len(r) == 6:
        spellings[loose(r[2])].add(r[2])
sut = rows("sutton_coldfield_town_council_expenditure_2016-17.csv")
for r in sut[1:]:
    spellings[loose(r[sut[0].index("Payee")])].add(r[sut[0].index("Payee")])
demo_pay = rows("demo/demo_payments.csv")
dh = demo_pay[0]
for r in demo_pay[1:]:
    spellings[loose(r[dh.index("supplier")])].add(r[dh.index("supplier")])

councils = {"Manchester": council_spending(man), "Bradford": council_spending(brad)}
for c in councils.values():
    for s in c["suppliers"]:
        s["aliases"] = sorted(spellings[s["key"]])
out["councils"] = councils

# --- MHCLG revenue outturn 2017-18 (RS), £ thousands ----------------------------------------
# Service lines 190..698 (the "TOTAL ..." lines; 699 is their total). Names from the RS line
# codes file. Class O is "other" (police, fire, parks, waste, GLA bodies): not a council.
codes = ["190", "290", "330", "360", "390", "490", "509", "590", "599", "601", "602", "690", "698"]
names = {r[0]: r[1] for r in rows("mhclg_RS_line_codes_2017-18.csv")[1:]}
# The taxonomy spending is categorised under (PROVENANCE section 5): every line's description.
out["line_descriptions"] = sorted(set(names.values()))
mh = rows("mhclg_revenue_outturn_summary_RS_2017-18_by_LA.csv")
head = mh[0]
column = {c.split(":")[0]: i for i, c in enumerate(head) if ":" in c}
ons, la, cls = head.index("ONS Code"), head.index("Local authority"), head.index("Class")
authorities = []
for r in mh[1:]:
    lines = [[code, names[code], thousands_to_pence(r[column[code]])] for code in codes]
    budget = sum(p for *_, p in lines if p is not None)
    authorities.append({"ons": r[ons], "name": r[la], "class": r[cls], "budget": budget, "lines": lines})


def place(me, among):
    """One more than those with a larger budget; ties share a place."""
    return 1 + sum(1 for a in among if a["budget"] > me["budget"])


councils_only = [a for a in authorities if a["class"] != "O" and a["budget"] > 0]
everyone = [a for a in authorities if a["budget"] > 0]
outturn = {"councils_with_budget": [[a["name"], a["budget"]] for a in sorted(councils_only, key=lambda a: -a["budget"])]}
for code, name in [("E08000003", "Manchester"), ("E08000032", "Bradford"), ("E08000025", "Birmingham")]:
    a = next(a for a in authorities if a["ons"] == code)
    outturn[name] = {
        "name": a["name"], "class": a["class"], "budget": a["budget"],
        "lines": [[c, n, p] for c, n, p in a["lines"] if p is not None],
        "rank_among_councils": place(a, councils_only), "councils": len(councils_only),
        "rank_among_all_rows": place(a, everyone), "rows": len(everyone),
    }
out["outturn"] = outturn

# --- Census 2021 ward populations (column 4 = all usual residents) ----------------------------
pop = rows("census2021_ts021_ethnic_group_birmingham_wards.csv")
population = {r[2]: int(r[3]) for r in pop[1:]}
out["population"] = {"wards": len(population), "birmingham": sum(population.values()),
                     "E05011131": population["E05011131"]}
# Birmingham's budget per head, and each of its lines per head: over its wards' total.
bham = out["outturn"]["Birmingham"]
bham["budget_per_head"] = per_head(bham["budget"], sum(population.values()))
bham["lines_per_head"] = [[c, n, p, per_head(p, sum(population.values()))] for c, n, p in bham["lines"]]

# --- Areas: the wards of Birmingham, Hodge Hill (E14000563) -------------------------------------
w2 = rows("ons_ward_to_pcon_to_lad_dec2019_uk.csv")
hh = sorted({(r[2], r[1], r[6]) for r in w2[1:] if r[3] == "E14000563"})
out["hodge_hill_wards"] = [{"name": n, "code": c, "council": lad, "population": population.get(c)} for n, c, lad in hh]

# --- Councillors and candidates of Bromford & Hodge Hill (E05011131) -------------------------------
cl = rows("birmingham_councillors_elected_2026.csv")
ch = cl[0]
mine = [dict(zip(ch, r)) for r in cl[1:] if r[ch.index("ward_code")] == "E05011131"]
out["ward_councillors"] = sorted(({"name": r["name"], "party": r["party_name"], "ward": r["ward_name"],
                                    "start": r["elected_date"], "votes": int(r["votes"]),
                                    "person_id": r["dc_person_id"]} for r in mine), key=lambda r: r["name"])
covered = {r[ch.index("ward_code")] for r in cl[1:]}
winners = {r[ch.index("dc_person_id")] for r in cl[1:]}
ca = rows("birmingham_2026_candidates_democracyclub.csv")
cah = ca[0]
cands = [dict(zip(cah, r)) for r in ca[1:] if r[cah.index("ward_code")] == "E05011131"]
out["ward_candidates"] = sorted(({
    "name": r["name"], "party": r["party_name"], "ward": r["ward_name"],
    "election": r["ballot_paper_id"].rsplit(".", 1)[1],
    # Worked out from the elected councillors file; unknown where it does not cover the ward.
    "elected": ("yes" if r["person_id"] in winners else "no") if r["ward_code"] in covered else None,
} for r in cands), key=lambda r: r["name"])

# --- The ward's money: the demo layer (synthetic), per its README ------------------------------
# Payments whose payer is a demo institution in the ward (payer "demo:<code>").
di = rows("demo/demo_institutions.csv")
dih = di[0]
in_ward = {"demo:" + r[dih.index("code")] for r in di[1:] if r[dih.index("ward_code")] == "E05011131"}
ward_pay = [r for r in demo_pay[1:] if r[dh.index("payer")] in in_ward]
spent = sum(pence(r[dh.index("amount")]) for r in ward_pay)
out["ward_money"] = {"institutions": len(in_ward), "payments": len(ward_pay), "spent": spent,
                     "population": population["E05011131"],
                     "spent_per_head": per_head(spent, population["E05011131"])}

json.dump(out, sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)
