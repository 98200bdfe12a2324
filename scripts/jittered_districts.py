#!/usr/bin/env python3
"""A third family of test districts (dev script only: pip install shapely numpy pyproj pyyaml).

    python3 scripts/jittered_districts.py --seed 3 --estates 400 --budget 0.6 --out /tmp/j3

Written by a tester who wanted a city of their own (5,000 estates as a Shapefile, 2026-11-30)
and kept because renoplan did worse on it than on its other families (docs/benchmarks.md,
*A third family*). Unlike renoplan-generate and scripts/other_districts.py:

- estates are irregular polygons (5 to 11 corners) on a jittered square grid, 170 m apart, in
  lon/lat near Xi'an (UTM 49N), one per cell, with 60 to 1,500 households each;
- elderly-care facilities are few and small against the 0.1 m²/person norm, and there are 0.18
  candidate sites per estate (150 to 2,000 m² at 2,500 to 6,000 yuan/m²), so most renovated
  estates need new space and many cannot reach the norm at all;
- a household cap (12 per estate per year) binds as well as the budget;
- streets are jittered straight lines between the rows and columns (walking distance).

The scenario: 4 years from 2025, a budget of --budget × 300,000 yuan per estate per year (1.0 is
the tester's 1.5e9 and 1.8e9 for 5,000 estates: --budget scales it), the four coverage rules
of the tester, the elderly-care norm (unless --no-norms), linked saving 5%.
"""
import argparse, json, math, os, random

import numpy as np
import yaml
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon

NAMES = ['幸福', '和平', '建设', '光明', '东风', '红星', '胜利', '团结', '新华', '朝阳', '铁路', '纺织', '电厂', '机械厂', '粮站']
SUFFIXES = ['小区', '新村', '家属院', '花园', '里', '大院', '宿舍']
HAZARDS = ['gas', 'fire', 'structure', 'drainage', 'water', 'power', 'heating', 'telecom']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, required=True)
    ap.add_argument('--estates', type=int, default=5000)
    ap.add_argument('--budget', type=float, default=1.0, help='times the tester\'s budget per estate')
    ap.add_argument('--no-norms', action='store_true')
    ap.add_argument('--out', required=True)
    args = ap.parse_args()
    random.seed(args.seed)
    np.random.seed(args.seed)
    os.makedirs(args.out, exist_ok=True)

    to_lonlat = Transformer.from_crs('EPSG:32649', 'EPSG:4326', always_xy=True)
    x0, y0 = 650000, 3790000
    n = args.estates
    side = int(math.ceil(math.sqrt(n)))
    cell = 170.0

    def geometry(shape):
        if shape.geom_type == 'Polygon':
            rings = [shape.exterior] + list(shape.interiors)
            return {'type': 'Polygon', 'coordinates': [[list(to_lonlat.transform(x, y)) for x, y in ring.coords] for ring in rings]}
        if shape.geom_type == 'Point':
            return {'type': 'Point', 'coordinates': list(to_lonlat.transform(shape.x, shape.y))}
        return {'type': 'LineString', 'coordinates': [list(to_lonlat.transform(x, y)) for x, y in shape.coords]}

    def write(name, features):
        with open(os.path.join(args.out, name), 'w') as f:
            json.dump({'type': 'FeatureCollection', 'features': features}, f, ensure_ascii=False)

    estates = []
    for i in range(n):
        r, c = divmod(i, side)
        cx = x0 + c * cell + random.uniform(-25, 25)
        cy = y0 + r * cell + random.uniform(-25, 25)
        corners = random.randint(5, 11)
        radius = random.uniform(35, 75)
        angles = sorted(random.uniform(0, 2 * math.pi) for _ in range(corners))
        points = [(cx + radius * random.uniform(0.6, 1.0) * math.cos(a), cy + radius * random.uniform(0.6, 1.0) * math.sin(a)) for a in angles]
        polygon = Polygon(points).buffer(0)
        if polygon.geom_type != 'Polygon':
            polygon = polygon.convex_hull
        built = random.choice(list(range(1965, 2001)) * 3 + list(range(2001, 2013)))
        households = random.randint(60, 1500)
        properties = {
            'id': f'X{i + 1:05d}', 'name': random.choice(NAMES) + random.choice(SUFFIXES) + f'{i % 97}号',
            'built_year': built, 'households': households, 'floor_area_m2': households * random.randint(55, 80),
            'consent': round(random.uniform(0.5, 1.0), 2), 'management_agreed': random.random() < 0.88,
            'safety_grade': random.choice('ABBCCD'), 'hazards': random.sample(HAZARDS, random.randint(0, 3)),
        }
        if random.random() < 0.7:
            properties['cost_yuan'] = int(properties['floor_area_m2'] * random.uniform(250, 900))
        estates.append({'type': 'Feature', 'properties': properties, 'geometry': geometry(polygon)})
    write('estates.geojson', estates)

    width = side * cell
    share = n / 5000
    facilities = []
    j = 0
    for kind, count in {'elderly_care': 400, 'clinic': 300, 'kindergarten': 500, 'market': 250}.items():
        for _ in range(max(3, int(count * share))):
            j += 1
            properties = {'id': f'F{j:05d}', 'kind': kind, 'name': f'{kind}{j}'}
            if kind == 'elderly_care':
                properties['capacity_m2'] = random.randint(150, 1200)
            point = Point(x0 + random.uniform(-50, width), y0 + random.uniform(-50, width))
            facilities.append({'type': 'Feature', 'properties': properties, 'geometry': geometry(point)})
    write('facilities.geojson', facilities)

    sites = [{'type': 'Feature',
              'properties': {'id': f'T{s + 1:04d}', 'kinds': ['elderly_care'], 'area_m2': random.randint(150, 2000),
                             'cost_per_m2': random.randint(2500, 6000)},
              'geometry': geometry(Point(x0 + random.uniform(0, width), y0 + random.uniform(0, width)))}
             for s in range(max(5, int(900 * share)))]
    write('sites.geojson', sites)

    streets = []
    for r in range(side + 1):
        y = y0 + (r - 0.5) * cell
        streets.append(LineString([(x0 - cell / 2 + t * 40, y + random.uniform(-3, 3)) for t in range(int(width / 40) + 2)]))
    for c in range(side + 1):
        x = x0 + (c - 0.5) * cell
        streets.append(LineString([(x + random.uniform(-3, 3), y0 - cell / 2 + t * 40) for t in range(int(width / 40) + 2)]))
    write('walkways.geojson', [{'type': 'Feature', 'properties': {'id': f'W{i}'}, 'geometry': geometry(line)} for i, line in enumerate(streets)])

    scenario = {
        'name': f'jittered seed {args.seed}, {n} estates, budget x{args.budget}' + (', no norms' if args.no_norms else ''),
        'geodata': {k: f'{k}.geojson' for k in ('estates', 'facilities', 'sites', 'walkways')},
        'horizon': {'start': 2025, 'years': 4},
        'budget': {'annual_yuan': [round(v * share * args.budget) for v in (1.5e9, 1.5e9, 1.8e9, 1.8e9)]},
        'capacity': {'households_per_year': int(60000 * share)},
        'coverage': [{'kind': 'elderly_care', 'within': 15}, {'kind': 'clinic', 'within': 15},
                     {'kind': 'kindergarten', 'within': 5}, {'kind': 'market', 'within': 10}],
        'norms': [] if args.no_norms else [{'kind': 'elderly_care', 'm2_per_person': 0.1, 'within': 15}],
        'clustering': {'linked_saving': 0.05},
    }
    with open(os.path.join(args.out, 'plan.yaml'), 'w') as f:
        yaml.safe_dump(scenario, f, allow_unicode=True, sort_keys=False)
    print(args.out, n, len(facilities), len(sites), len(streets))


if __name__ == '__main__':
    main()
