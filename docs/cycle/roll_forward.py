#!/usr/bin/env python3
"""The spring walkthrough of docs/cycle.md (*Rolling the horizon forward*): the demo plan rolled
forward from 2025 to 2026.

    renoplan plan scenarios/demo.yaml --out out/demo
    python3 docs/cycle/roll_forward.py out/demo out/spring
    renoplan revise out/spring/spring.yaml --approved out/spring/approved.csv --out out/spring/revised-csv
    renoplan revise out/spring/spring.yaml --approved out/spring/approved/plan.geojson --out out/spring/revised
    renoplan revise out/spring/spring.yaml --approved out/spring/approved-started/plan.geojson --out out/spring/revised-started

writes into the second folder (run from the repository's root):

- data/: the demo's layers with E0167's consent fallen to 0.76, E0092's cost up by 30% and E0279
  replaced by a new estate E0301 (the same estate under a new id);
- spring.yaml: the demo scenario for 2026-2028 with budgets of 350M, 360M and 400M yuan, without
  the demo's 2025 lock;
- approved.csv: the demo plan as `id,year,state`, 2025's estates completed;
- approved/: the demo plan.geojson with a `state` (2025's estates completed), its sites.geojson
  and summary.json;
- approved-started/: the same with E0011-E0014 (cluster C002) started in 2025 instead.

E0279's 2028 line is taken out of the approved plans (kept, it would leave the plan with a
warning, as a change "not in today's data").
"""
import json
import os
import re
import shutil
import sys

demo, out = sys.argv[1], sys.argv[2]
os.makedirs(os.path.join(out, "data"), exist_ok=True)

estates = json.load(open("geodata/demo/estates.geojson", encoding="utf-8"))
for feature in estates["features"]:
    p = feature["properties"]
    if p["id"] == "E0167":
        p["consent"] = 0.76
    elif p["id"] == "E0092":
        p["cost_yuan"] = round(p["cost_yuan"] * 1.3)
    elif p["id"] == "E0279":
        p["id"] = "E0301"
json.dump(estates, open(os.path.join(out, "data/estates.geojson"), "w", encoding="utf-8"), ensure_ascii=False)
for layer in ["facilities", "sites"]:
    shutil.copy(f"geodata/demo/{layer}.geojson", os.path.join(out, f"data/{layer}.geojson"))

scenario = open("scenarios/demo.yaml", encoding="utf-8").read()
for old, new in [
    ("../geodata/demo/", "data/"),
    ("name: Demo district 2025–2028", "name: Demo district spring 2026"),
    ("horizon: {start: 2025, years: 4}", "horizon: {start: 2026, years: 3}"),
    ("annual_yuan: [3.5e8, 3.5e8, 4.0e8, 4.0e8]", "annual_yuan: [3.5e8, 3.6e8, 4.0e8]"),
]:
    assert old in scenario, old
    scenario = scenario.replace(old, new)
scenario = re.sub(r"locks:\n  E0012: 2025.*\n", "", scenario)
open(os.path.join(out, "spring.yaml"), "w", encoding="utf-8").write(scenario)


def approved(started, folder):
    plan = json.load(open(os.path.join(demo, "plan.geojson"), encoding="utf-8"))
    plan["features"] = [f for f in plan["features"] if f["properties"]["id"] != "E0279"]
    for f in plan["features"]:
        p = f["properties"]
        if p.get("year") == 2025:
            p["state"] = "started" if p["id"] in started else "completed"
    if folder:
        os.makedirs(os.path.join(out, folder), exist_ok=True)
        json.dump(plan, open(os.path.join(out, folder, "plan.geojson"), "w", encoding="utf-8"), ensure_ascii=False)
        for name in ["sites.geojson", "summary.json"]:
            shutil.copy(os.path.join(demo, name), os.path.join(out, folder, name))
    return plan


lines = ["id,year,state"] + [
    f"{p['id']},{p['year']},{p.get('state', '')}"
    for p in (f["properties"] for f in approved(set(), "approved")["features"])
    if p.get("year") is not None
]
open(os.path.join(out, "approved.csv"), "w", encoding="utf-8").write("\n".join(lines) + "\n")
approved({"E0011", "E0012", "E0013", "E0014"}, "approved-started")
