#!/usr/bin/env python3
"""Districts that renoplan's own generator does not make (dev script: pip install shapely numpy
pyproj pyrosm). Used by `scripts/bench_issue15.py --rows h` to measure plan quality and the
stages on layouts renoplan was not tuned on.

    python3 scripts/other_districts.py --layout scattered --estates 400 --seed 3 --out /tmp/x
    python3 scripts/other_districts.py --layout clustered --estates 400 --seed 3 --out /tmp/y
    python3 scripts/other_districts.py --layout helsinki --seed 3 --out /tmp/z

Written separately from Sources/DistrictGen on purpose: other shapes, other attribute
distributions, other coordinates, so that nothing tuned on one generator's quirks passes unseen.

- `scattered`: estates spread evenly over open ground (few neighbours within 20 m, so few linked
  clusters), irregular convex footprints of 0.4-8 ha, some rotated rectangles, a few with two parts.
- `clustered`: estates packed into 5-12 dense clumps of work-unit compounds wall to wall (many
  estates within 20 m of each other, so large linked clusters: large items in each year's budget).
- `helsinki`: real street geometry and buildings, OpenStreetMap's central Helsinki extract that
  ships with pyrosm (about 1.5 x 1.7 km): estates are the residential buildings, each grown by a
  yard of 6 m and joined where the yards touch (perimeter blocks with their courtyards as holes);
  walkways are OSM's walking network as it is (T-junctions, near-misses and all); clinics and
  other services are OSM's points of interest, the elderly-care points and the candidate sites
  (parking places, green areas) get synthetic capacities and costs.

The synthetic layouts use a Delaunay street network (irregular, not a grid) and are written in
lon/lat (RFC 7946, no `crs:` needed) around Chengdu, so renoplan projects them to UTM zone 48N
itself. Attributes: built 1962-2012 (a tenth after 2000, not eligible), 45-1,800 households,
costs 250-950 yuan/m^2 stated on 60% of the estates, consent 0.45-1.0, management agreed on 85%.
The same arguments always give the same files.
"""
import argparse, json, math, os
import numpy as np
import shapely
from shapely.geometry import Point, MultiPolygon, mapping
from pyproj import Transformer

CENTRE = (104.066, 30.657)  # Chengdu, UTM zone 48N
HAZARDS = ["gas", "fire", "structure", "drainage", "water", "power", "heating", "telecom"]


def estate_properties(rng, index, footprint_m2):
    built = int(rng.choice([rng.integers(1962, 1980), rng.integers(1980, 1991), rng.integers(1991, 2001),
                            rng.integers(2001, 2013)], p=[0.15, 0.40, 0.35, 0.10]))
    floors = int(rng.integers(3, 8)) if built < 1995 else int(rng.integers(6, 19))
    cover = rng.uniform(0.22, 0.5)
    per_household = rng.uniform(55, 95)
    floor_area = footprint_m2 * cover * floors
    households = int(np.clip(round(floor_area / per_household), 45, 1800))
    floor_area = max(floor_area, households * 40.0)
    p = {"id": f"X{index:05d}", "built_year": built, "households": households,
         "floor_area_m2": round(float(floor_area), 1),
         "consent": round(float(min(1.0, rng.beta(6, 1.6) * 0.55 + 0.45)), 3)}
    if rng.random() < 0.5:
        p["name"] = f"小区{index}"
    p["management_agreed"] = bool(rng.random() < 0.85)
    if rng.random() < 0.7:
        age = (2020 - built) / 58
        u = rng.random()
        p["safety_grade"] = "D" if u < 0.03 * age else "C" if u < 0.18 * age else "A" if u > 0.7 else "B"
    if rng.random() < 0.6:
        p["complete_units"] = bool(rng.random() > 0.15)
    hz = [h for h in HAZARDS if rng.random() < 0.35]
    if hz or rng.random() < 0.5:
        p["hazards"] = hz
    if rng.random() < 0.6:
        p["cost_yuan"] = round(float(floor_area * rng.uniform(250, 950)))
    if rng.random() < 0.25:
        p["resident_yuan"] = round(float(floor_area * rng.uniform(5, 40)))
    return p


def random_footprint(rng, centre, area_m2):
    """An irregular convex polygon (hull of random points), a rotated rectangle, or two parts."""
    r = math.sqrt(area_m2 / math.pi)
    style = rng.random()
    if style < 0.45:
        pts = [(centre[0] + r * 1.3 * rng.uniform(-1, 1), centre[1] + r * 1.3 * rng.uniform(-1, 1)) for _ in range(9)]
        g = shapely.MultiPoint(pts).convex_hull
    elif style < 0.9:
        w, h = r * rng.uniform(1.2, 2.4), r * rng.uniform(0.8, 1.6)
        g = shapely.affinity.rotate(shapely.box(centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2),
                                    rng.uniform(0, 180))
    else:
        a = shapely.box(centre[0] - r, centre[1] - r / 2, centre[0] - r * 0.1, centre[1] + r / 2)
        b = shapely.box(centre[0] + r * 0.15, centre[1] - r / 2, centre[0] + r, centre[1] + r * 0.4)
        g = MultiPolygon([a, b])
    return shapely.set_precision(g, 0.01)


def place_estates(rng, count, layout):
    if layout == "scattered":
        side = math.sqrt(count) * 260.0
        centres = lambda: (rng.uniform(0, side), rng.uniform(0, side))
        area = lambda: rng.lognormal(math.log(16000), 0.6)
        gap = 25.0
    else:
        clumps = int(rng.integers(5, 13))
        side = math.sqrt(count) * 230.0
        heads = [(rng.uniform(0.1, 0.9) * side, rng.uniform(0.1, 0.9) * side, rng.uniform(150, 450)) for _ in range(clumps)]
        weights = rng.dirichlet(np.ones(clumps) * 2)

        def centres():
            k = rng.choice(clumps, p=weights)
            cx, cy, s = heads[k]
            return (rng.normal(cx, s), rng.normal(cy, s))
        area = lambda: rng.lognormal(math.log(12000), 0.5)
        gap = 4.0
    placed = []
    tries = 0
    while len(placed) < count and tries < count * 400:
        tries += 1
        g = random_footprint(rng, centres(), min(80000, max(4000, area())))
        grown = g.buffer(gap)
        if placed and shapely.intersects(np.array(placed), grown).any():
            continue
        placed.append(g)
    if len(placed) < count:
        raise SystemExit(f"placed only {len(placed)} of {count} estates")
    return placed


def delaunay_walkways(rng, estates, extent):
    """An irregular street network: Delaunay edges over estate corners and random points,
    the long ones dropped, each edge one LineString with the shared vertex at both ends."""
    minx, miny, maxx, maxy = extent
    pts = []
    for g in estates:
        b = g.minimum_rotated_rectangle.exterior.coords[:4]
        pts.extend((x + rng.normal(0, 6), y + rng.normal(0, 6)) for x, y in b)
    n_extra = len(estates) * 2
    pts.extend(zip(rng.uniform(minx, maxx, n_extra), rng.uniform(miny, maxy, n_extra)))
    pts = [(round(x, 2), round(y, 2)) for x, y in pts]
    edges = shapely.delaunay_triangles(shapely.MultiPoint(pts), only_edges=True)
    lines = [e for e in edges.geoms if e.length < 220]
    return lines


def synthetic(args):
    rng = np.random.default_rng(args.seed * 7919 + (1 if args.layout == "clustered" else 0))
    estates = place_estates(rng, args.estates, args.layout)
    union_bounds = shapely.GeometryCollection(estates).bounds
    pad = 300
    extent = (union_bounds[0] - pad, union_bounds[1] - pad, union_bounds[2] + pad, union_bounds[3] + pad)
    walk = delaunay_walkways(rng, estates, extent)
    props = [estate_properties(rng, i + 1, g.area) for i, g in enumerate(estates)]

    facilities = []
    kinds = [("elderly_care", 0.05, (120, 2200)), ("clinic", 0.04, (150, 1200)), ("kindergarten", 0.07, (600, 2800)),
             ("day_care", 0.05, (80, 700)), ("market", 0.04, (300, 2000))]
    for kind, per_estate, cap in kinds:
        for _ in range(max(2, int(round(per_estate * len(estates))))):
            if rng.random() < 0.6:
                base = estates[int(rng.integers(len(estates)))].centroid
                x, y = base.x + rng.normal(0, 40), base.y + rng.normal(0, 40)
            else:
                x, y = rng.uniform(extent[0], extent[2]), rng.uniform(extent[1], extent[3])
            f = {"kind": kind, "capacity_m2": round(float(rng.uniform(*cap)))}
            facilities.append((Point(x, y), f))
    sites = []
    for _ in range(int(len(estates) * rng.uniform(0.12, 0.3))):
        base = estates[int(rng.integers(len(estates)))]
        c = base.centroid
        x, y = c.x + rng.normal(0, 120), c.y + rng.normal(0, 120)
        s = {"area_m2": round(float(rng.choice([rng.uniform(80, 400), rng.uniform(400, 2500)], p=[0.7, 0.3]))),
             "cost_per_m2": round(float(rng.uniform(2500, 11000)))}
        if rng.random() < 0.3:
            s["kinds"] = ["elderly_care"] if rng.random() < 0.7 else ["elderly_care", "day_care"]
        sites.append((Point(x, y), s))

    # Local metres around the centre: a transverse Mercator on the centre, so distances are true.
    lon0, lat0 = CENTRE
    tr = Transformer.from_crs(f"+proj=tmerc +lon_0={lon0} +lat_0={lat0} +k=1 +x_0=0 +y_0=0 +ellps=WGS84",
                              "EPSG:4326", always_xy=True)
    mid = ((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2)

    def ll(g):
        g = shapely.affinity.translate(g, -mid[0], -mid[1])
        return shapely.set_precision(shapely.transform(g, lambda a: np.column_stack(tr.transform(a[:, 0], a[:, 1]))), 1e-7)
    write(args.out, "estates", [(ll(g), p) for g, p in zip(estates, props)])
    write(args.out, "facilities", [(ll(g), dict(id=f"F{i + 1:04d}", **p)) for i, (g, p) in enumerate(facilities)])
    write(args.out, "sites", [(ll(g), dict(id=f"S{i + 1:04d}", **p)) for i, (g, p) in enumerate(sites)])
    write(args.out, "walkways", [(ll(g), {"id": f"W{i + 1:05d}"}) for i, g in enumerate(walk)])
    return len(estates)


def helsinki(args):
    import warnings
    import pyrosm
    warnings.filterwarnings("ignore")
    rng = np.random.default_rng(args.seed)
    osm = pyrosm.OSM(pyrosm.get_data("helsinki_pbf"))
    metric = Transformer.from_crs("EPSG:4326", "EPSG:3067", always_xy=True)
    back = Transformer.from_crs("EPSG:3067", "EPSG:4326", always_xy=True)

    def m(g):
        return shapely.transform(g, lambda a: np.column_stack(metric.transform(a[:, 0], a[:, 1])))

    def ll(g):
        return shapely.set_precision(shapely.transform(g, lambda a: np.column_stack(back.transform(a[:, 0], a[:, 1]))), 1e-7)
    b = osm.get_buildings()
    living = {"yes", "apartments", "residential", "block", "house", "detached", "terrace"}
    homes = [m(g) for g, kind in zip(b.geometry, b["building"]) if kind in living and g is not None]
    homes = [g for g in homes if g.area >= 150]
    yards = shapely.union_all([g.buffer(6, join_style="mitre") for g in homes])
    parts = sorted([p for p in getattr(yards, "geoms", [yards]) if p.area >= 1500],
                   key=lambda p: (round(p.centroid.y), round(p.centroid.x)))
    props = [estate_properties(rng, i + 1, p.area) for i, p in enumerate(parts)]
    estates = [(ll(p.simplify(0.5)), pr) for p, pr in zip(parts, props)]

    pois = osm.get_pois()
    facilities = []
    amenity = pois["amenity"] if "amenity" in pois else [None] * len(pois)
    healthcare = pois["healthcare"] if "healthcare" in pois else [None] * len(pois)
    for g, a, h in zip(pois.geometry, amenity, healthcare):
        kind = None
        if a in ("pharmacy", "doctors", "clinic", "dentist") or h in ("doctor", "clinic", "dentist"):
            kind = "clinic"
        elif a in ("kindergarten", "childcare"):
            kind = "kindergarten"
        elif a in ("community_centre", "social_facility", "library"):
            kind = "elderly_care"
        if kind and g is not None:
            f = {"kind": kind}
            if kind == "elderly_care":
                f["capacity_m2"] = round(float(rng.uniform(150, 1500)))
            facilities.append((g.representative_point() if g.geom_type != "Point" else g, f))
    # A few elderly-care points more where OSM has none nearby: the central extract has few.
    for _ in range(4):
        p = parts[int(rng.integers(len(parts)))].representative_point()
        facilities.append((ll(p), {"kind": "elderly_care", "capacity_m2": round(float(rng.uniform(150, 900)))}))
    sites = []
    for g, a in zip(pois.geometry, amenity):
        if a == "parking" and g is not None and (g.geom_type == "Point" or (g.is_valid and m(g).area > 20)):
            sites.append((g, {"area_m2": round(float(rng.uniform(60, 900))), "cost_per_m2": round(float(rng.uniform(4000, 14000)))}))
    lu = osm.get_landuse()
    for g, kind in zip(lu.geometry, lu["landuse"]):
        if kind == "grass" and g is not None and g.is_valid and m(g).area > 300:
            sites.append((g, {"area_m2": round(float(min(1500, m(g).area * 0.3))), "cost_per_m2": round(float(rng.uniform(3000, 9000)))}))
    net = osm.get_network("walking")
    walk = []
    for g, oid in zip(net.geometry, net["id"]):
        if g is not None and not g.is_empty:
            walk.append((g, {"id": str(oid)}))
    write(args.out, "estates", estates)
    write(args.out, "facilities", [(g, dict(id=f"F{i + 1:04d}", **p)) for i, (g, p) in enumerate(facilities)])
    write(args.out, "sites", [(g, dict(id=f"S{i + 1:04d}", **p)) for i, (g, p) in enumerate(sites)])
    write(args.out, "walkways", walk)
    return len(estates)


def write(folder, name, features):
    os.makedirs(folder, exist_ok=True)
    fc = {"type": "FeatureCollection",
          "features": [{"type": "Feature", "properties": p, "geometry": mapping(g)} for g, p in features]}
    with open(os.path.join(folder, name + ".geojson"), "w") as f:
        json.dump(fc, f, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--layout", choices=["scattered", "clustered", "helsinki"], required=True)
    ap.add_argument("--estates", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    n = synthetic(args) if args.layout != "helsinki" else helsinki(args)
    print(f"wrote {n} estates ({args.layout}, seed {args.seed}) to {args.out}")


if __name__ == "__main__":
    main()
