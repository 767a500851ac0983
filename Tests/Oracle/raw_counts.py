#!/usr/bin/env python3
"""Independent counts and sums of the raw bundled files, for the tests to compare with the
database civic builds. Written from Datasets/PROVENANCE.md alone: it uses Python's csv module and
Decimal, and knows each file's quirks by hand. It never reads civic's layouts or code.

Usage: raw_counts.py DATASETS_DIR  -> prints one JSON object.
"""
import csv
import json
import re
import sys
from collections import Counter
from decimal import Decimal, ROUND_HALF_UP
from pathlib import Path

d = Path(sys.argv[1])


def rows(name, encoding="utf-8", skip=0):
    with open(d / name, encoding=encoding, newline="") as f:
        r = list(csv.reader(f))
    return r[skip:]


def pence(text):
    t = text.strip().replace(",", "").replace("£", "")
    neg = t.startswith("(") and t.endswith(")")
    if neg:
        t = t[1:-1]
    v = (Decimal(t) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(-v if neg else v)


out = {"files": {}}

# Spending files: rows and the sum of amounts in pence.
man = rows("manchester_spend_over_500_2021-22.csv")
h = man[0]
a = h.index("Net Amount")
out["files"]["manchester_spend_over_500_2021-22.csv"] = {
    "rows": len(man) - 1, "pence": sum(pence(r[a]) for r in man[1:])}

# Manchester's payments by the month, calendar quarter and financial year (April to March) of
# their Invoice Payment Date (YYYY-MM-DD): [label, rows, pence, average pence], oldest first.
def by_time(label):
    d = man[0].index("Invoice Payment Date")
    a = man[0].index("Net Amount")
    groups = {}
    for r in man[1:]:
        g = groups.setdefault(label(int(r[d][:4]), int(r[d][5:7])), [0, 0])
        g[0] += 1
        g[1] += pence(r[a])
    return [[k, n, p, int((Decimal(p) / n).quantize(Decimal(1), rounding=ROUND_HALF_UP))]
            for k, (n, p) in sorted(groups.items())]


out["manchester_by_month"] = by_time(lambda y, m: "%04d-%02d" % (y, m))
out["manchester_by_quarter"] = by_time(lambda y, m: "%04d Q%d" % (y, (m - 1) // 3 + 1))
out["manchester_by_fy"] = by_time(lambda y, m: "%04d/%02d" % ((y, (y + 1) % 100) if m >= 4 else (y - 1, y % 100)))

brad = rows("bradford_spend_over_500_2019.csv", encoding="cp1252")
a = brad[0].index("Net Amount")
out["files"]["bradford_spend_over_500_2019.csv"] = {
    "rows": len(brad) - 1, "pence": sum(pence(r[a]) for r in brad[1:]),
    "youth_service_commissioning_rows": sum(1 for r in brad[1:] if r[1] == "Youth Service Commissioning")}

# Lambeth: 9 preamble lines, header on line 10, data until the "Total" line.
lam = rows("lambeth_payments_over_500_2012-06.csv")
assert lam[9][0] == "Body"
data = []
total_line = None
for r in lam[10:]:
    if r and r[0] == "Total":
        total_line = r
        break
    if any(c.strip() for c in r):
        data.append(r)
s = 0
fused = 0
for r in data:
    if len(r) == 6:
        s += pence(r[4])
        continue
    fused += 1
    joined = ",".join(r)
    # Whatever is fused, the amount is the number right after the only dd/mm/yyyy date.
    m = re.search(r"\d\d/\d\d/\d{4},?(-?[\d.]+),", joined)
    s += pence(m.group(1))
out["files"]["lambeth_payments_over_500_2012-06.csv"] = {
    "rows": len(data), "pence": s, "fused_rows": fused, "stated_total_pence": pence(total_line[4])}

sut = rows("sutton_coldfield_town_council_expenditure_2016-17.csv")
a = sut[0].index("£ (net)")
out["files"]["sutton_coldfield_town_council_expenditure_2016-17.csv"] = {
    "rows": len(sut) - 1, "pence": sum(pence(r[a]) for r in sut[1:])}

# Areas.
w1 = rows("ons_ward_to_lad_county_region_country_dec2019_uk.csv")
w2 = rows("ons_ward_to_pcon_to_lad_dec2019_uk.csv")
wards = {r[1] for r in w1[1:]} | {r[1] for r in w2[1:]}
out["distinct_ward_codes"] = len(wards)
out["distinct_constituency_codes"] = len({r[3] for r in w2[1:]})
out["distinct_lad_codes"] = len({r[3] for r in w1[1:]} | {r[5] for r in w2[1:]})
out["ward_constituency_pairs"] = len({(r[1], r[3]) for r in w2[1:]})
out["regions"] = len({r[7] for r in w1[1:] if r[7]})
out["birmingham_wards"] = len({r[1] for r in w1[1:] if r[3] == "E08000025"})
hh = sorted(r[2] for r in w2[1:] if r[4] == "Birmingham, Hodge Hill")
out["hodge_hill_constituency_wards"] = hh

pop = rows("census2021_ts021_ethnic_group_birmingham_wards.csv")
out["census_wards"] = len(pop) - 1
out["census_population"] = sum(int(r[3]) for r in pop[1:])
out["bromford_hodge_hill_population"] = next(int(r[3]) for r in pop[1:] if r[2] == "E05011131")
population_by_code = {r[2]: int(r[3]) for r in pop[1:]}
hh_wards = {r[1]: r[2] for r in w2[1:] if r[4] == "Birmingham, Hodge Hill"}
out["hodge_hill_wards_by_population"] = [[name, population_by_code[code]] for code, name in
                                         sorted(hh_wards.items(), key=lambda kv: -population_by_code[kv[0]])]

# Institutions and people.
out["mhclg_authorities"] = len(rows("mhclg_revenue_outturn_summary_RS_2017-18_by_LA.csv")) - 1
out["nhs_trusts"] = len(rows("nhs_ods_etr_trusts_england.csv"))
courts = rows("hmcts_courts_2013_england_wales.csv")
out["courts"] = len(courts) - 1
out["magistrates_courts"] = sum(1 for r in courts[1:] if r[4] == "Magistrates' Court")
out["trafford_schools"] = len(rows("trafford_schools_gias_2024-09.csv")) - 1
out["trafford_charities"] = len(rows("trafford_charities_register_2023-04.csv")) - 1
out["lambeth_schools"] = len(rows("lambeth_schools.csv")) - 1
cl = rows("birmingham_councillors_elected_2026.csv")
out["birmingham_councillors"] = len(cl) - 1
out["birmingham_councillor_wards"] = len({r[3] for r in cl[1:]})
# Sutton Coldfield Town Council's councillors are its election's elected candidates; the
# parties of both councils' councillors, the commonest first.
sut_el = rows("sutton_coldfield_town_council_election_results_2018.csv")
sut_party, sut_elected = sut_el[0].index("Party"), sut_el[0].index("Elected")
elected = [r for r in sut_el[1:] if r[sut_elected] == "Yes"]
out["sutton_councillors"] = len(elected)
parties = Counter(r[cl[0].index("party_name")] for r in cl[1:]) + Counter(r[sut_party] for r in elected)
out["councillor_parties"] = sorted([[p, n] for p, n in parties.items()], key=lambda pn: (-pn[1], pn[0]))
out["hodge_hill_ward_councillors"] = sorted(r[8] for r in cl[1:] if r[2] == "Bromford & Hodge Hill")
out["line_codes"] = len(rows("mhclg_RS_line_codes_2017-18.csv")) - 1

# Outturn: sum of the service-total columns (lines 190..698), in pence, over non-missing cells.
mh = rows("mhclg_revenue_outturn_summary_RS_2017-18_by_LA.csv")
codes = {"190", "290", "330", "360", "390", "490", "509", "590", "599", "601", "602", "690", "698"}
cols = [i for i, c in enumerate(mh[0]) if c.split(":")[0] in codes]
total = 0
cells = 0
for r in mh[1:]:
    for i in cols:
        v = r[i].strip()
        if v in ("", "...", "…"):
            continue
        total += int((Decimal(v) * 100000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        cells += 1
out["outturn_service_cells"] = cells
out["outturn_service_pence"] = total

json.dump(out, sys.stdout, indent=1, sort_keys=True)
