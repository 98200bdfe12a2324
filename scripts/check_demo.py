#!/usr/bin/env python3
"""Sanity checks for a district written by renoplan-generate (a dev script; needs shapely >= 2).

    python3 scripts/check_demo.py geodata/demo

Checks geometry validity and RFC 7946 ring orientation, the SPEC §1 property rules, and prints the
figures a planner would look at first: estates, households, population, built-year histogram,
consent, costs, neighbour pairs (touching / within 15 m / within 20 m), and the elderly-care
two-step floating catchment (SPEC §3: 1,000 m reach, norm 0.1 m²/person) with and without the
candidate sites. Exits 1 if any check fails.
"""
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

PERSONS_PER_HOUSEHOLD = 2.62
REACH_M = 1000.0
NORM_M2 = 0.1
HAZARDS = ["gas", "fire", "structure", "drainage", "water", "power", "heating", "telecom"]

problems = []


def fail(message):
    problems.append(message)


def load(folder, name):
    raw = (folder / name).read_bytes()
    if b"\\u" in raw:
        fail(f"{name}: contains \\u escapes")
    data = json.loads(raw)
    if data.get("type") != "FeatureCollection" or "crs" in data:
        fail(f"{name}: not a plain FeatureCollection (or has a crs member)")
    return data["features"]


def signed_area(ring):
    xs = np.array([p[0] for p in ring])
    ys = np.array([p[1] for p in ring])
    return 0.5 * float(np.sum(xs[:-1] * ys[1:] - xs[1:] * ys[:-1]))


def check_rings(fid, polygon_coords):
    for i, ring in enumerate(polygon_coords):
        if ring[0] != ring[-1]:
            fail(f"{fid}: ring {i} not closed")
        area = signed_area(ring)
        if (i == 0) != (area > 0):
            fail(f"{fid}: ring {i} has the wrong orientation")
        for x, y in ring:
            if round(x, 2) != x or round(y, 2) != y:
                fail(f"{fid}: coordinate with more than 2 decimals")


def check_estates(features):
    ids = [f["properties"]["id"] for f in features]
    if len(set(ids)) != len(ids):
        fail("estates: duplicate ids")
    geoms = []
    for f in features:
        p, g = f["properties"], f["geometry"]
        fid = p["id"]
        if g["type"] == "Polygon":
            check_rings(fid, g["coordinates"])
        elif g["type"] == "MultiPolygon":
            for part in g["coordinates"]:
                check_rings(fid, part)
        else:
            fail(f"{fid}: geometry {g['type']}")
        geom = shape(g)
        if not geom.is_valid:
            fail(f"{fid}: invalid: {shapely.is_valid_reason(geom)}")
        geoms.append(geom)
        for key, kind in [("built_year", int), ("households", int), ("floor_area_m2", (int, float)),
                          ("consent", (int, float))]:
            if not isinstance(p.get(key), kind) or isinstance(p.get(key), bool):
                fail(f"{fid}: {key} missing or mistyped")
        if not 1970 <= p["built_year"] <= 2015:
            fail(f"{fid}: built_year {p['built_year']}")
        if not 60 <= p["households"] <= 1500:
            fail(f"{fid}: households {p['households']}")
        if not 0.55 <= p["consent"] <= 1 or round(p["consent"], 2) != p["consent"]:
            fail(f"{fid}: consent {p['consent']}")
        if p.get("safety_grade", "B") not in "ABCD":
            fail(f"{fid}: safety_grade")
        if any(h not in HAZARDS for h in p.get("hazards", [])):
            fail(f"{fid}: unknown hazard")
        for key in ["cost_yuan", "resident_yuan", "utility_yuan", "social_yuan"]:
            if key in p and (not isinstance(p[key], int) or p[key] < 0):
                fail(f"{fid}: {key} {p[key]}")
    return geoms


def main():
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "geodata/demo")
    estates = load(folder, "estates.geojson")
    facilities = load(folder, "facilities.geojson")
    sites = load(folder, "sites.geojson")
    geoms = check_estates(estates)
    props = [f["properties"] for f in estates]

    households = np.array([p["households"] for p in props], dtype=float)
    population = households * PERSONS_PER_HOUSEHOLD
    years = np.array([p["built_year"] for p in props])
    consent = np.array([p["consent"] for p in props])
    floor = np.array([p["floor_area_m2"] for p in props], dtype=float)
    cost = np.array([p.get("cost_yuan", fa * 400) for p, fa in zip(props, floor)], dtype=float)
    cofund = np.array([p.get("resident_yuan", 0) + p.get("utility_yuan", 0) + p.get("social_yuan", 0)
                       for p in props], dtype=float)
    types = Counter(f["geometry"]["type"] for f in estates)
    holes = sum(1 for f in estates if f["geometry"]["type"] == "Polygon" and len(f["geometry"]["coordinates"]) > 1)
    l_shapes = sum(1 for f in estates if f["geometry"]["type"] == "Polygon"
                   and len(f["geometry"]["coordinates"]) == 1 and len(f["geometry"]["coordinates"][0]) > 5)
    print(f"estates {len(estates)}  households {int(households.sum())}  population {population.sum():.0f}")
    print(f"  households min/median/mean/max {households.min():.0f}/{np.median(households):.0f}/"
          f"{households.mean():.0f}/{households.max():.0f}")
    print(f"  geometry {dict(types)}, L-shapes {l_shapes}, with courtyard {holes}")
    bins = [(1970, 1979), (1980, 1989), (1990, 2000), (2001, 2005), (2006, 2015)]
    print("  built " + "  ".join(f"{a}-{b}: {int(((years >= a) & (years <= b)).sum())}" for a, b in bins))
    print(f"  consent >= 0.80: {np.mean(consent >= 0.8):.1%}   management_agreed: "
          f"{np.mean([p.get('management_agreed', False) for p in props]):.1%}")
    print(f"  safety {dict(sorted(Counter(p.get('safety_grade', 'B') for p in props).items()))}  "
          f"complete_units false: {np.mean([not p.get('complete_units', True) for p in props]):.1%}")
    print(f"  hazards {dict(Counter(h for p in props for h in p.get('hazards', [])))}")
    print(f"  cost_yuan given: {np.mean(['cost_yuan' in p for p in props]):.0%}  total cost (400/m² default) "
          f"{cost.sum() / 1e8:.2f}e8 yuan, {cost.sum() / households.sum():.0f} yuan/household; "
          f"co-funding {cofund.sum() / cost.sum():.1%} of it on {np.mean(cofund > 0):.0%} of estates")

    # Neighbours (SPEC §6 uses 20 m).
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="dwithin", distance=20.0)
    keep = left < right
    left, right = left[keep], right[keep]
    dist = shapely.distance(np.array(geoms)[left], np.array(geoms)[right])
    touching = int((dist == 0).sum())
    overlapping = int(sum(1 for a, b in zip(left, right) if geoms[a].overlaps(geoms[b]) or geoms[a].within(geoms[b])))
    if overlapping:
        fail(f"{overlapping} overlapping estate pairs")
    print(f"  neighbour pairs: touching {touching}, 0-15 m {int(((dist > 0) & (dist <= 15)).sum())}, "
          f"15-20 m {int(((dist > 15) & (dist <= 20)).sum())}; estates with no neighbour within 20 m: "
          f"{len(geoms) - len(set(left) | set(right))}")
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    print(f"  extent {maxx - minx:.0f} m x {maxy - miny:.0f} m, centre {(minx + maxx) / 2:.0f}, {(miny + maxy) / 2:.0f}")

    # Facilities.
    kinds = Counter(f["properties"]["kind"] for f in facilities)
    print(f"facilities {len(facilities)} {dict(kinds)}")
    if len({f['properties']['id'] for f in facilities}) != len(facilities):
        fail("facilities: duplicate ids")
    elderly = [f for f in facilities if f["properties"]["kind"] == "elderly_care"]
    caps = np.array([f["properties"]["capacity_m2"] for f in elderly], dtype=float)
    print(f"  elderly_care capacity total {caps.sum():.0f} m2 = {caps.sum() / population.sum():.4f} m2/person, "
          f"min {caps.min():.0f} max {caps.max():.0f}")

    # 2SFCA, SPEC §3: D_f = population within reach; A_e = sum cap_f / D_f over facilities in reach.
    def accessibility(points, capacities):
        pts = shapely.points(points)
        a = np.zeros(len(geoms))
        for pt, cap in zip(pts, capacities):
            near = tree.query(pt, predicate="dwithin", distance=REACH_M)
            demand = population[near].sum()
            if demand > 0:
                a[near] += cap / demand
        return a

    a = accessibility([f["geometry"]["coordinates"] for f in elderly], caps)
    print(f"  2SFCA elderly_care: estates >= norm {np.mean(a >= NORM_M2):.0%}, with nothing in reach "
          f"{np.mean(a == 0):.0%}, pop-weighted mean {np.sum(a * population) / population.sum():.4f}, "
          f"median {np.median(a):.4f}")

    # Sites.
    areas = np.array([s["properties"]["area_m2"] for s in sites], dtype=float)
    site_types = Counter(s["geometry"]["type"] for s in sites)
    for s in sites:
        p = s["properties"]
        if not (p["area_m2"] > 0 and 2500 <= p["cost_per_m2"] <= 7000):
            fail(f"{p['id']}: area or cost out of range")
        if s["geometry"]["type"] == "Polygon":
            check_rings(p["id"], s["geometry"]["coordinates"])
            if not shape(s["geometry"]).is_valid:
                fail(f"{p['id']}: invalid polygon")
    print(f"sites {len(sites)} {dict(site_types)}  area total {areas.sum():.0f} m2 = "
          f"{areas.sum() / population.sum():.4f} m2/person, min {areas.min():.0f} max {areas.max():.0f}")
    print(f"  kinds {dict(Counter(','.join(s['properties'].get('kinds', ['(any)'])) for s in sites))}")
    hosts = [s for s in sites if "elderly_care" in s["properties"].get("kinds", ["elderly_care"])]
    # Attainable (SPEC §3), with each site's whole area counted for elderly care: an upper bound.
    site_points = [shapely.centroid(shape(s["geometry"])) for s in hosts]
    gain = accessibility([(p.x, p.y) for p in site_points], [s["properties"]["area_m2"] for s in hosts])
    short = a < NORM_M2
    print(f"  elderly_care sites {len(hosts)}; short estates that could reach the norm with every site: "
          f"{np.mean((a + gain)[short] >= NORM_M2):.0%} of {int(short.sum())}")

    if problems:
        print(f"\n{len(problems)} problem(s):")
        for message in problems[:50]:
            print("  " + message)
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    main()
