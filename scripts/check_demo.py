#!/usr/bin/env python3
"""Sanity checks for a district written by renoplan-generate (a dev script; needs shapely >= 2).

    python3 scripts/check_demo.py geodata/demo

Checks geometry validity and RFC 7946 ring orientation, the SPEC §1 property rules, and prints the
figures a planner would look at first: estates, households, population, built-year histogram,
consent, costs, neighbour pairs (touching / within 15 m / within 20 m), and the elderly-care
two-step floating catchment (SPEC §3: 1,000 m reach, norm 0.1 m²/person) with and without the
candidate sites.

If the folder has walkways.geojson (needs networkx), also checks the pedestrian network as SPEC §3
reads it (nodes = vertices, edges = segments): one connected component; no vertex lying inside
another line's segment without being one of its vertices (lines meet only at shared vertices); a
vertex inside every estate and site plot, and at every facility and point site; each gate or path
starting at a street vertex; and the railway (the horizontal line through the bridges' midpoints,
its corridor as wide as the bridges are long) crossed by nothing but the bridges, with nothing in its
corridor, and the network split into north and south without them. Prints the segment count and,
for the estates facing each other across the railway, the pair with the longest walk.
Exits 1 if any check fails.
"""
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import box, shape

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


WALKWAY_KINDS = {"street", "bridge", "gate", "path"}


def node(xy):
    """A vertex as whole centimetres: SPEC §3 merges vertices closer than 0.01 m."""
    return (round(xy[0] * 100), round(xy[1] * 100))


def check_walkways(walkways, estates, geoms, facilities, sites):
    import networkx as nx

    lines = []  # (kind, [(x, y), ...]) per LineString (a MultiLineString gives several)
    repeated = 0
    for index, f in enumerate(walkways):
        g, kind = f["geometry"], f["properties"].get("kind")
        if kind not in WALKWAY_KINDS:
            fail(f"walkways #{index}: kind {kind!r}")
        parts = {"LineString": [g["coordinates"]], "MultiLineString": g["coordinates"]}.get(g["type"])
        if parts is None:
            fail(f"walkways #{index}: geometry {g['type']}")
            continue
        for coords in parts:
            if len({tuple(c) for c in coords}) < 2:
                fail(f"walkways #{index}: fewer than two distinct points")
            for x, y in coords:
                if round(x, 2) != x or round(y, 2) != y:
                    fail(f"walkways #{index}: coordinate with more than 2 decimals")
            repeated += sum(1 for a, b in zip(coords, coords[1:]) if a == b)
            lines.append((kind, [tuple(c) for c in coords]))
    segments = sum(len(c) - 1 for _, c in lines)
    kinds = Counter(kind for kind, _ in lines)

    graph = nx.Graph()
    seg_a, seg_b, seg_kind = [], [], []
    for kind, coords in lines:
        for a, b in zip(coords, coords[1:]):
            if a == b:
                continue
            length = float(np.hypot(a[0] - b[0], a[1] - b[1]))
            graph.add_edge(node(a), node(b), weight=length, kind=kind)
            seg_a.append(a)
            seg_b.append(b)
            seg_kind.append(kind)
    seg_a, seg_b = np.array(seg_a), np.array(seg_b)
    length_by_kind = Counter()
    for kind, a, b in zip(seg_kind, seg_a, seg_b):
        length_by_kind[kind] += float(np.hypot(*(a - b)))
    components = list(nx.connected_components(graph))
    print(f"walkways {len(walkways)} {dict(kinds)}: {segments} segments ({segments / max(1, len(estates)):.1f} per "
          f"estate, {repeated} repeated vertices), {graph.number_of_nodes()} nodes, "
          f"{len(components)} component(s); km " + ", ".join(f"{k} {v / 1000:.1f}" for k, v in length_by_kind.items()))
    if len(components) != 1:
        sizes = sorted((len(c) for c in components), reverse=True)
        fail(f"walkways: {len(components)} connected components (sizes {sizes[:8]})")

    # Lines meet only at shared vertices: a vertex lying on another segment must be one of its ends.
    seg_geoms = shapely.linestrings(np.stack([seg_a, seg_b], axis=1))
    vertices = np.array(sorted({xy for _, coords in lines for xy in coords}))
    vertex_points = shapely.points(vertices)
    vi, si = shapely.STRtree(seg_geoms).query(vertex_points, predicate="dwithin", distance=0.005)
    ends = (np.all(np.abs(vertices[vi] - seg_a[si]) < 0.005, axis=1)
            | np.all(np.abs(vertices[vi] - seg_b[si]) < 0.005, axis=1))
    if (~ends).any():
        first = vertices[vi[~ends][0]]
        fail(f"walkways: {int((~ends).sum())} vertices lie on a segment without being its vertex "
             f"(first at {first[0]:.2f}, {first[1]:.2f})")

    # Gates and paths start at a street vertex.
    street_nodes = {node(xy) for kind, coords in lines if kind in ("street", "bridge") for xy in coords}
    loose = sum(1 for kind, coords in lines if kind in ("gate", "path") and node(coords[0]) not in street_nodes)
    if loose:
        fail(f"walkways: {loose} gates or paths do not start at a street vertex")

    # A vertex inside every estate (its gates), at every facility, at or inside every site.
    vertex_tree = shapely.STRtree(vertex_points)
    ei, vj = vertex_tree.query(geoms, predicate="contains")
    gates = [[] for _ in geoms]
    for e, v in zip(ei, vj):
        gates[e].append(node(vertices[v]))
    no_gate = [estates[e]["properties"]["id"] for e in range(len(geoms)) if not gates[e]]
    if no_gate:
        fail(f"walkways: {len(no_gate)} estates with no vertex inside ({', '.join(no_gate[:5])})")
    nodes = set(graph.nodes)
    missing = [f["properties"]["id"] for f in facilities if node(f["geometry"]["coordinates"]) not in nodes]
    for s in sites:
        g = s["geometry"]
        if g["type"] == "Point":
            reached = node(g["coordinates"]) in nodes
        else:
            reached = len(vertex_tree.query(shape(g), predicate="contains")) > 0
        if not reached:
            missing.append(s["properties"]["id"])
    if missing:
        fail(f"walkways: {len(missing)} facilities or sites not on the network ({', '.join(missing[:5])})")
    # Each gate ends strictly inside an estate, and every estate (each part of a two-part compound) has one.
    gate_ends = shapely.points([coords[-1] for kind, coords in lines if kind == "gate"])
    gi, ej = shapely.STRtree(geoms).query(gate_ends, predicate="within")
    if len(set(gi)) != len(gate_ends):
        fail(f"walkways: {len(gate_ends) - len(set(gi))} gates end outside every estate")
    gate_count = Counter(ej)
    parts = [list(g.geoms) if g.geom_type == "MultiPolygon" else [g] for g in geoms]
    part_tree = shapely.STRtree(gate_ends)
    gateless = [estates[e]["properties"]["id"] for e in range(len(geoms))
                if any(len(part_tree.query(part, predicate="contains")) == 0 for part in parts[e])]
    if gateless:
        fail(f"walkways: {len(gateless)} estates (or parts) without a gate ({', '.join(gateless[:5])})")
    print(f"  gates per estate {dict(sorted(Counter(gate_count[e] for e in range(len(geoms))).items()))}, "
          f"walkway vertices inside an estate {dict(sorted(Counter(len(g) for g in gates).items()))}")

    # The railway: the horizontal line through the bridges' midpoints, its corridor their length.
    bridges = [coords for kind, coords in lines if kind == "bridge"]
    if not bridges:
        print("  no railway (no bridges)")
        return
    mids = [((c[0][0] + c[-1][0]) / 2, (c[0][1] + c[-1][1]) / 2) for c in bridges]
    rail_y = mids[0][1]
    half = abs(bridges[0][-1][1] - bridges[0][0][1]) / 2
    if any(abs(m[1] - rail_y) > 0.01 for m in mids) or any(c[0][0] != c[-1][0] for c in bridges):
        fail("walkways: the bridges are not north-south lines across one east-west railway")
    west, east = float(vertices[:, 0].min()), float(vertices[:, 0].max())
    print(f"  railway along y = {rail_y:.2f} from x = {west:.2f} to {east:.2f} (corridor {2 * half:.0f} m), "
          f"bridges at x = {', '.join(f'{m[0]:.2f}' for m in mids)}")
    # Nothing but a bridge enters the corridor (ends on its edge are fine: the streets stop at the fence).
    low, high = rail_y - half, rail_y + half
    seg_low = np.minimum(seg_a[:, 1], seg_b[:, 1])
    seg_high = np.maximum(seg_a[:, 1], seg_b[:, 1])
    entering = (seg_low < high - 0.005) & (seg_high > low + 0.005) & (np.array(seg_kind) != "bridge")
    if entering.any():
        fail(f"walkways: {int(entering.sum())} segments other than bridges enter the railway corridor")
    corridor = box(west - 1000, low, east + 1000, high)
    inside = [f["properties"]["id"] for f, g in zip(estates, geoms) if g.intersects(corridor)]
    inside += [f["properties"]["id"] for f in facilities + sites if shape(f["geometry"]).intersects(corridor)]
    if inside:
        fail(f"railway corridor holds {', '.join(inside[:5])}")
    cut = graph.copy()
    cut.remove_edges_from([(u, v) for u, v, k in graph.edges(data="kind") if k == "bridge"])
    mixed = [c for c in nx.connected_components(cut) if min(y for _, y in c) < rail_y * 100 < max(y for _, y in c)]
    if mixed:
        fail("walkways: north and south of the railway connect without a bridge")
    print(f"  without the bridges: {nx.number_connected_components(cut)} components, none spanning the railway")

    # The estates facing each other across the railway: close by air, a detour on foot.
    north = [i for i, g in enumerate(geoms) if g.centroid.y > rail_y and gates[i]]
    south = [i for i, g in enumerate(geoms) if g.centroid.y < rail_y and gates[i]]
    if not north or not south:
        return
    south_tree = shapely.STRtree([geoms[i] for i in south])
    ni, sj = south_tree.query([geoms[i] for i in north], predicate="dwithin", distance=2 * half + 60)
    pairs = sorted((float(geoms[north[a]].distance(geoms[south[b]])), north[a], south[b]) for a, b in zip(ni, sj))
    best = None
    by_north = {}
    for air, a, b in pairs:
        by_north.setdefault(a, []).append((air, b))
    for a in sorted(by_north)[:60]:  # a Dijkstra per estate: enough for a large district too
        walk = nx.multi_source_dijkstra_path_length(graph, set(gates[a]))
        for air, b in by_north[a]:
            foot = min((walk.get(g, float("inf")) for g in gates[b]), default=float("inf"))
            if best is None or foot - air > best[0] - best[1]:
                best = (foot, air, a, b)
    if best:
        foot, air, a, b = best
        print(f"  across the railway: {estates[a]['properties']['id']} (north) and {estates[b]['properties']['id']} "
              f"(south) are {air:.0f} m apart by air, {foot:.0f} m on foot (gate to gate)")


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

    if (folder / "walkways.geojson").exists():
        check_walkways(load(folder, "walkways.geojson"), estates, geoms, facilities, sites)
    else:
        print("walkways: none (no walkways.geojson)")

    if problems:
        print(f"\n{len(problems)} problem(s):")
        for message in problems[:50]:
            print("  " + message)
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    main()
