#!/usr/bin/env python3
"""The stages before the solve (load, coverage, 2SFCA, clusters) with shapely 2.x, vectorised, as
a speed reference for renoplan's own (dev script only; pip install shapely numpy).

    python3 scripts/reference_stages.py /tmp/renoplan-bench-20000 --repeat 3

Reads estates/facilities/sites.geojson of a generated district (EPSG:4547 metres, so nothing is
projected, as in renoplan's run on it) and does what renoplan does with the SPEC's defaults and
straight-line distances: per estate the facilities within 1,000 m (and the nearest of each kind
within 1,500 m), coverage of elderly care and clinics within 15 minutes (1,000 m) and kindergartens
within 5 (300 m), 2SFCA access to elderly care (0.1 m2/person within 1,000 m) and what the sites
within reach could add, and groups of estates within 20 m of each other (connected components).
Renoplan's clusters also respect eligibility and a household cap, which this does not, so the
reference does slightly less work. Prints one JSON line: the fastest run's seconds per stage and
the households covered per kind (compare with renoplan's coverage.json).
"""
import argparse, json, os, time

import numpy as np
import shapely

PERSONS_PER_HOUSEHOLD = 2.62
REACH = {"elderly_care": 1000.0, "clinic": 1000.0, "kindergarten": 300.0}
FAR = 1500.0


def load(folder):
    def read(name):
        with open(os.path.join(folder, name), "rb") as f:
            text = f.read()
        data = json.loads(text)
        geoms = shapely.get_parts(shapely.from_geojson(text))
        return geoms, [f["properties"] for f in data["features"]]

    estates, eprops = read("estates.geojson")
    facilities, fprops = read("facilities.geojson")
    sites, sprops = read("sites.geojson")
    bad = ~shapely.is_valid(estates)
    if bad.any():
        estates[bad] = shapely.make_valid(estates[bad])
    return estates, eprops, facilities, fprops, sites, sprops


def coverage(estates, eprops, facilities, fprops, sites, sprops):
    population = np.array([p["households"] for p in eprops], dtype=float) * PERSONS_PER_HOUSEHOLD
    households = np.array([p["households"] for p in eprops], dtype=float)
    kinds = sorted(set(p["kind"] for p in fprops))
    kind_of = np.array([kinds.index(p["kind"]) for p in fprops])
    capacity = np.array([p.get("capacity_m2") or 0.0 for p in fprops], dtype=float)
    tree = shapely.STRtree(facilities)
    e, f = tree.query(estates, predicate="dwithin", distance=FAR)
    d = shapely.distance(estates[e], facilities[f])
    # Nearest facility of each kind within 1,500 m.
    nearest = np.full((len(estates), len(kinds)), np.inf)
    np.minimum.at(nearest, (e, kind_of[f]), d)
    covered = {}
    for kind, reach in REACH.items():
        if kind not in kinds:
            continue
        hit = np.zeros(len(estates), dtype=bool)
        hit[e[(d <= reach) & (kind_of[f] == kinds.index(kind))]] = True
        covered[kind] = int(households[hit].sum())
    # 2SFCA for elderly care: the population each facility serves, then capacity / demand summed.
    k = kinds.index("elderly_care")
    near = (d <= REACH["elderly_care"]) & (kind_of[f] == k)
    demand = np.bincount(f[near], weights=population[e[near]], minlength=len(facilities))
    ratio = np.divide(capacity, demand, out=np.zeros_like(capacity), where=demand > 0)
    access = np.bincount(e[near], weights=ratio[f[near]], minlength=len(estates))
    # Sites within reach that may host elderly care: what they could add.
    site_tree = shapely.STRtree(sites)
    se, ss = site_tree.query(estates, predicate="dwithin", distance=REACH["elderly_care"])
    site_demand = np.bincount(ss, weights=population[se], minlength=len(sites))
    hosts = np.array(["elderly_care" in (p.get("kinds") or ["elderly_care"]) for p in sprops])
    area = np.array([p["area_m2"] for p in sprops], dtype=float)
    gain = np.divide(area, site_demand, out=np.zeros_like(area), where=(site_demand > 0) & hosts)
    attainable = access + np.bincount(se, weights=gain[ss], minlength=len(estates))
    return covered, access, attainable, nearest


def clusters(estates):
    tree = shapely.STRtree(estates)
    a, b = tree.query(estates, predicate="dwithin", distance=20.0)
    parent = np.arange(len(estates))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in zip(a[a < b].tolist(), b[a < b].tolist()):
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    return len(set(find(i) for i in range(len(estates))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    best = None
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        c0 = time.process_time()
        data = load(args.folder)
        t1 = time.perf_counter()
        covered, access, attainable, _ = coverage(*data)
        t2 = time.perf_counter()
        groups = clusters(data[0])
        t3 = time.perf_counter()
        run = {"load_s": t1 - t0, "coverage_s": t2 - t1, "clustering_s": t3 - t2, "total_s": t3 - t0,
               "cpu_s": time.process_time() - c0}
        if best is None or run["total_s"] < best["total_s"]:
            best = run
    best.update({"shapely": shapely.__version__, "estates": len(data[0]), "households_covered": covered,
                 "mean_access_elderly_care": float(access.mean()), "groups": groups})
    print(json.dumps(best))


if __name__ == "__main__":
    main()
