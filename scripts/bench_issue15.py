#!/usr/bin/env python3
"""Every row of issue 15's table in one run, with the reference measured in the same run (dev
script only: pip install shapely numpy highspy; row h also pyproj pyrosm).

    python3 scripts/bench_issue15.py                # everything (long: several hours with HiGHS at 300 s)
    python3 scripts/bench_issue15.py --quick        # small family, short limits (about 20 min)
    python3 scripts/bench_issue15.py --rows a,b,c   # only some rows

Rows:
  a  load + coverage + 2SFCA + clusters, 20,000 estates, straight lines: renoplan's stages
     (Benchmarks/RenoPlanBench, fastest of --repeat) against scripts/reference_stages.py (shapely 2,
     vectorised, the same stages, fastest of --repeat), run one after the other
  b  `renoplan coverage` on 20,000 estates, straight lines (writes circles.geojson): seconds, MB
  c  `renoplan coverage` on 5,000 estates, walking distance: seconds
  d  network coverage + 2SFCA, 100,000 estates (RenoPlanBench stages, peak memory of the run)
  e  plan quality on a family of generated districts per size: renoplan plan with a time limit,
     then HiGHS on the very model (--write-mps) for --highs-seconds; the share of HiGHS's best
     plan (of the proven optimum when HiGHS proves it) and of HiGHS's bound, and the gap renoplan
     reports; min / median / max over the family
  f  20,000-estate plan at 5 s and 60 s: status, objective, reported gap
  g  issue 13's target: 400-estate districts (seeds 41, 42, ... --funding-family of them) with both
     optional levels and three funding sources (central subsidy 2.0e8 a year, at most 15,000 yuan
     per household, core estates, basic works; special bonds 4.0e7 for sites; local budget 2.2e8
     for anything), linked saving 5%: renoplan at --limit-400 against HiGHS on the very model
  h  plan quality on districts from another generator (scripts/other_districts.py, needs pyproj and
     pyrosm): --other-family districts of --other-estates, scattered and clustered in turn, budgets
     tight to loose, norms on and off by pairs, in lon/lat with an irregular street network;
     --tight-family more with a very tight budget (x0.05, norms on: a few estates a year); and
     --helsinki runs on OSM's central Helsinki with walking distance; renoplan at --limit-400
     against HiGHS on the very model; and --other-5000 scattered districts of 5,000 estates at
     --limit-5000 (where HiGHS may only give a bound)
  i  plan quality on a third family (scripts/jittered_districts.py, needs pyproj): irregular
     estates on a jittered grid, few candidate sites for a demanding norm, a binding household
     cap; --jittered-family districts of 400 estates at --limit-400 and --jittered-5000 of 5,000
     at --limit-5000, against HiGHS on the very model

The family: seeds 1, 2, ...; budgets from tight to loose (0.4 to 2.0 times 1.2M yuan per estate
per year; 1.2M is about a third of what the schedulable estates need); the SPEC's default norms
on even members, `norms: []` on odd ones. The generator has one layout style (a dense grid of
blocks), so layouts vary only with the seed.

Wall times depend on what else runs on the machine: the CPU seconds (user + sys) are printed
too. Binaries are built first (release).
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RENOPLAN = os.path.join(ROOT, ".build", "release", "renoplan")
GENERATE = os.path.join(ROOT, ".build", "release", "renoplan-generate")
BENCH = os.path.join(ROOT, "Benchmarks", ".build", "release", "RenoPlanBench")


def run(cmd, **kw):
    """Runs a command under /usr/bin/time -v; returns (wall s, cpu s, peak MB, stdout)."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - t0
    info = {}
    for line in p.stderr.splitlines():
        if ":" in line:
            k, _, v = line.strip().rpartition(":")
            info[k.strip()] = v.strip()
    cpu = float(info.get("User time (seconds)", 0)) + float(info.get("System time (seconds)", 0))
    peak = int(info.get("Maximum resident set size (kbytes)", 0)) / 1024
    if p.returncode not in (0, 4):
        sys.stderr.write(p.stderr[-3000:])
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}")
    return wall, cpu, peak, p.stdout, p.returncode


def build():
    subprocess.run(["swift", "build", "-c", "release", "--product", "renoplan"], cwd=ROOT, check=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "renoplan-generate"], cwd=ROOT, check=True)
    subprocess.run(["swift", "build", "-c", "release", "--package-path", "Benchmarks"], cwd=ROOT, check=True)


def district(work, estates, seed):
    folder = os.path.join(work, f"d{estates}-{seed}")
    if not os.path.exists(os.path.join(folder, "walkways.geojson")):
        subprocess.run([GENERATE, "--estates", str(estates), "--seed", str(seed), "--out", folder],
                       check=True, capture_output=True)
    return folder


def write_scenario(folder, name, body, walkways=True, crs="EPSG:4547", years=4):
    """A scenario over the generated district's layers (`years` from 2025; `crs`, None for lon/lat)
    with `body` after the common keys; returns its path."""
    path = os.path.join(folder, name + ".yaml")
    with open(path, "w") as f:
        f.write(f"name: {name}\n"
                "geodata: {estates: estates.geojson, facilities: facilities.geojson, sites: sites.geojson"
                + (", walkways: walkways.geojson" if walkways else "") + "}\n"
                + (f"crs: {crs}\n" if crs else "")
                + f"horizon: {{start: 2025, years: {years}}}\n"
                + body)
    return path


def scenario(folder, name, distance="euclidean", budget_factor=1.0, norms=True, time_limit=60, estates=0):
    budget = estates * 1.2e6 * budget_factor
    return write_scenario(folder, name,
                          f"budget: {{annual_yuan: [{budget}, {budget}, {budget}, {budget}]}}\n"
                          f"distance: {distance}\n"
                          f"solver: {{time_limit_s: {time_limit}}}\n"
                          + ("" if norms else "norms: []\n"))


def bench_stages(estates, distance, repeat):
    """RenoPlanBench's line for one size: seconds per stage (fastest of `repeat`), peak memory."""
    wall, cpu, peak, out, _ = run([BENCH, "--estates", str(estates), "--distance", distance, "--repeat", str(repeat)])
    line = out.strip().splitlines()[1].split()
    return {"load_s": float(line[5]), "coverage_s": float(line[6]), "clustering_s": float(line[7]),
            "total_s": float(line[8]), "cpu_s": float(line[9]), "walkways": int(line[3]), "peak_mb": peak,
            "run_cpu_s": cpu}


def row_a(args, work):
    ours = bench_stages(20000, "euclidean", args.repeat)
    folder = os.path.join(tempfile.gettempdir(), "renoplan-bench-20000")  # written by RenoPlanBench
    _, cpu, _, out, _ = run([sys.executable, os.path.join(ROOT, "scripts", "reference_stages.py"), folder,
                             "--repeat", str(args.repeat)])
    ref = json.loads(out)
    print(f"a  stages, 20,000 estates, euclidean: renoplan {ours['total_s']:.2f} s, {ours['cpu_s']:.2f} s CPU (load {ours['load_s']:.2f}, "
          f"coverage {ours['coverage_s']:.2f}, clusters {ours['clustering_s']:.2f}); shapely {ref['shapely']} "
          f"{ref['total_s']:.2f} s, {ref['cpu_s']:.2f} s CPU (load {ref['load_s']:.2f}, coverage {ref['coverage_s']:.2f}, "
          f"clusters {ref['clustering_s']:.2f}); renoplan / shapely = {ours['total_s'] / ref['total_s']:.2f} "
          f"(goal <= 0.33)", flush=True)


def coverage_run(args, work, estates, distance):
    folder = district(work, estates, 2025)
    path = scenario(folder, f"coverage-{distance}", distance=distance, estates=estates)
    out = os.path.join(folder, f"out-coverage-{distance}")
    best = None
    for _ in range(args.repeat):
        wall, cpu, peak, _, _ = run([RENOPLAN, "coverage", path, "--out", out, "--quiet"])
        if best is None or wall < best[0]:
            best = (wall, cpu, peak)
    size = os.path.getsize(os.path.join(out, "circles.geojson")) / 1e6
    return best, size


def row_b(args, work):
    (wall, cpu, peak), size = coverage_run(args, work, 20000, "euclidean")
    print(f"b  coverage + circles, 20,000 estates, euclidean: {wall:.2f} s wall, {cpu:.2f} s CPU, "
          f"circles.geojson {size:.0f} MB, peak {peak:.0f} MB (goal <= 3 s)", flush=True)


def row_c(args, work):
    (wall, cpu, peak), size = coverage_run(args, work, 5000, "network")
    print(f"c  coverage + walking circles, 5,000 estates: {wall:.2f} s wall, {cpu:.2f} s CPU, "
          f"circles.geojson {size:.0f} MB (goal <= 10 s)", flush=True)


def row_d(args, work):
    r = bench_stages(args.network_estates, "network", 1)
    print(f"d  network, {args.network_estates:,} estates ({r['walkways']:,} walkway features): load "
          f"{r['load_s']:.2f} s, coverage + 2SFCA {r['coverage_s']:.2f} s, clusters {r['clustering_s']:.2f} s "
          f"({r['cpu_s']:.2f} s CPU); "
          f"peak {r['peak_mb']:.0f} MB for the whole harness run (goal <= 20 s, <= 4 GB)", flush=True)


def highs_solve(mps, seconds, gap=1e-4):
    """HiGHS (one thread) on a model renoplan wrote, to relative gap `gap`: (status, objective or
    None, bound)."""
    import highspy
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(seconds))
    h.setOptionValue("mip_rel_gap", gap)
    h.setOptionValue("threads", 1)
    h.readModel(mps)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)  # GLPK's MPS does not carry the sense
    h.run()
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    objective = info.objective_function_value if info.primal_solution_status == 2 else None
    return status, objective, info.mip_dual_bound


def plan(path, out, mps=None, limit=None, log=None):
    """`renoplan plan` on a scenario into `out`, with the model written to `mps`, a time limit and
    the solver log if given; returns (summary.json, wall s, CPU s)."""
    cmd = [RENOPLAN, "plan", path, "--out", out, "--quiet"]
    for flag, value in (("--time-limit", limit), ("--write-mps", mps), ("--solver-log", log)):
        if value is not None:
            cmd += [flag, str(value)]
    wall, cpu, _, _, _ = run(cmd)
    return json.load(open(os.path.join(out, "summary.json"))), wall, cpu


def plan_once(work, estates, seed, factor, norms, limit, mps=None):
    folder = district(work, estates, seed)
    name = f"plan-{factor:.2f}-{'norms' if norms else 'nonorms'}"
    path = scenario(folder, name, budget_factor=factor, norms=norms, time_limit=limit, estates=estates)
    summary, wall, _ = plan(path, os.path.join(folder, "out-" + name), mps=mps, limit=limit)
    return summary, wall


class Against:
    """renoplan's plan (its summary.json) against HiGHS on the very model (`mps`), collected over a
    family of districts: per district the share of the best plan known (HiGHS's or renoplan's), of
    HiGHS's bound, and the gap renoplan reports."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.shares, self.bound_shares, self.gaps = [], [], []

    def add(self, summary, mps):
        """Solves `mps` with HiGHS, records the district; returns (share, bound share, HiGHS text)."""
        ours = summary.get("objective")
        status, highs, bound = highs_solve(mps, self.seconds)
        best = max(x for x in (ours, highs) if x is not None) if (ours or highs) else None
        share = ours / best if ours and best else 0.0
        bound_share = ours / bound if ours and bound else 0.0
        self.shares.append(share)
        self.bound_shares.append(bound_share)
        gap = summary.get("gap")
        self.gaps.append(gap if gap is not None else float("nan"))
        return share, bound_share, f"HiGHS {self.seconds:.0f} s {status} {highs} bound {bound:.2f}"

    def line(self):
        return (f"min/median/max {spread(self.shares)}; of HiGHS's bound {spread(self.bound_shares)}; gap renoplan "
                f"reports {spread(self.gaps)}")


def spread(xs, pct=True):
    xs = [x for x in xs if x == x]
    if not xs:
        return "-"
    f = (lambda v: f"{v * 100:.3f}%") if pct else (lambda v: f"{v:.3f}")
    return f"{f(min(xs))} / {f(statistics.median(xs))} / {f(max(xs))}"


def plan_against(against, label, path, out, mps, limit=None):
    """`renoplan plan` on a scenario, then HiGHS on the model it wrote (`against`); prints one line."""
    summary, wall, cpu = plan(path, out, mps=mps, limit=limit)
    share, bound_share, highs = against.add(summary, mps)
    print(f"   {label}: renoplan {summary['status']} {summary.get('objective')} (bound {summary.get('bound')}, gap "
          f"{summary.get('gap')}, {summary.get('solver', {}).get('stopped_by')}) in {wall:.1f} s, {cpu:.1f} s CPU; {highs}; "
          f"share of best {share * 100:.3f}%, of HiGHS bound {bound_share * 100:.3f}%", flush=True)


def row_e(args, work):
    import highspy  # noqa: F401  (fail early with a clear message)
    for estates, limit in ((400, args.limit_400), (5000, args.limit_5000)):
        count = args.family if estates == 400 else args.family_5000
        if count <= 0:
            continue
        against = Against(args.highs_seconds)
        for i in range(count):
            seed = i + 1
            factor = 0.4 + 1.6 * i / max(1, count - 1)
            norms = i % 2 == 0
            mps = os.path.join(work, f"model-{estates}-{seed}.mps")
            summary, wall = plan_once(work, estates, seed, factor, norms, limit, mps)
            share, bound_share, highs = against.add(summary, mps)
            print(f"   {estates} seed {seed} budget x{factor:.2f} norms {'on ' if norms else 'off'}: "
                  f"renoplan {summary['status']} {summary.get('objective')} (gap {summary.get('gap')}) in {wall:.1f} s; "
                  f"{highs}; share of best {share * 100:.3f}%, of HiGHS bound {bound_share * 100:.3f}%", flush=True)
        print(f"e  {estates} estates, {limit:.0f} s, {count} districts: share of best plan known (HiGHS "
              f"{args.highs_seconds:.0f} s or renoplan) {against.line()}", flush=True)


def funding_scenario(folder, name, time_limit):
    return write_scenario(folder, name,
                          "funding:\n"
                          "  - {source: central_subsidy, annual_yuan: 2.0e8, covers: [basic], only_core: true, per_household_yuan: 15000}\n"
                          "  - {source: special_bonds, annual_yuan: 4.0e7, covers: [sites]}\n"
                          "  - {source: local_budget, annual_yuan: 2.2e8, covers: [basic, improve, upgrade, sites]}\n"
                          "levels:\n"
                          "  improve: {per_m2: 150, weight: 0.45}\n"
                          "  upgrade: {per_m2: 100, weight: 0.30}\n"
                          "clustering: {linked_saving: 0.05}\n"
                          f"solver: {{time_limit_s: {time_limit}}}\n",
                          walkways=False)


def row_g(args, work):
    import highspy  # noqa: F401
    against = Against(args.highs_seconds)
    for i in range(args.funding_family):
        seed = 41 + i
        folder = district(work, 400, seed)
        path = funding_scenario(folder, "funding", args.limit_400)
        mps = os.path.join(work, f"model-funding-{seed}.mps")
        plan_against(against, f"400 seed {seed}, levels and three sources", path, os.path.join(folder, "out-funding"), mps)
    if against.shares:
        print(f"g  400 estates with levels and funding, {args.limit_400:.0f} s, {len(against.shares)} districts: share of best "
              f"plan known {against.line()} (goal: within 0.5% of the optimum)", flush=True)


OTHER = os.path.join(ROOT, "scripts", "other_districts.py")
JITTERED = os.path.join(ROOT, "scripts", "jittered_districts.py")


def row_h(args, work):
    """Plan quality on districts from another generator (scripts/other_districts.py): scattered and
    clustered layouts in lon/lat with a Delaunay street network, and OSM's central Helsinki
    (real streets and buildings, walking distance)."""
    import highspy  # noqa: F401
    cases = []
    for i in range(args.other_family):
        layout = "scattered" if i % 2 == 0 else "clustered"
        cases.append((layout, 101 + i, 0.4 + 1.6 * (i // 2) / max(1, (args.other_family - 1) // 2), (i // 2) % 2 == 0,
                      "euclidean", args.other_estates))
    # Very tight budgets (x0.05: a few estates a year, as a planner's Shapefile district of 5,000
    # estates with 100M yuan a year), norms on, both layouts: seeds 111, ...
    for t in range(args.tight_family):
        cases.append(("scattered" if t % 2 == 0 else "clustered", 111 + t, 0.05, True, "euclidean", args.other_estates))
    for j in range(args.helsinki):
        cases.append(("helsinki", 201 + j, (1.0, 2.5, 5.0)[j % 3], j % 2 == 0, "network", 0))
    # City-sized scattered districts (seeds 301, ...; budget 0.6 and 1.0 in turn; norms on) at --limit-5000.
    for k in range(args.other_5000):
        cases.append(("scattered", 301 + k, (0.6, 1.0)[k % 2], True, "euclidean", 5000))
    against = Against(args.highs_seconds)
    for layout, seed, factor, norms, distance, estates in cases:
        folder = os.path.join(work, f"other-{layout}-{seed}")
        if not os.path.exists(os.path.join(folder, "walkways.geojson")):
            subprocess.run([sys.executable, OTHER, "--layout", layout, "--seed", str(seed), "--estates", str(estates),
                            "--out", folder], check=True, capture_output=True)
        count = len(json.load(open(os.path.join(folder, "estates.geojson")))["features"])
        budget = count * 1.2e6 * factor
        name = f"plan-{factor:.2f}-{'norms' if norms else 'nonorms'}"
        # Lon/lat (RFC 7946): no crs.
        limit = args.limit_5000 if estates >= 5000 else args.limit_400
        path = write_scenario(folder, name,
                              f"budget: {{annual_yuan: {budget}}}\n"
                              f"distance: {distance}\n"
                              f"solver: {{time_limit_s: {limit}}}\n"
                              + ("" if norms else "norms: []\n"), crs=None)
        mps = os.path.join(work, f"model-other-{layout}-{seed}.mps")
        plan_against(against, f"{layout} seed {seed} ({count} estates, {distance}) budget x{factor:.2f} norms {'on ' if norms else 'off'}",
                     path, os.path.join(folder, "out-" + name), mps)
    if against.shares:
        print(f"h  other generator, {args.limit_400:.0f} s ({args.limit_5000:.0f} s at 5,000 estates), {len(against.shares)} districts: share of best plan known "
              f"{against.line()}", flush=True)


def row_i(args, work):
    """Plan quality on the third family (scripts/jittered_districts.py): irregular estates on a
    jittered grid with few candidate sites for a demanding norm and a binding household cap,
    --jittered-family districts of 400 estates (seeds 1, 2, ...; budget 0.6 to 1.2 times the
    tester's in turn; norms on) and --jittered-5000 of 5,000."""
    import highspy  # noqa: F401
    for estates, count, limit in ((400, args.jittered_family, args.limit_400), (5000, args.jittered_5000, args.limit_5000)):
        against = Against(args.highs_seconds)
        for i in range(count):
            seed = i + 1
            factor = (0.6, 0.8, 1.0, 1.2)[seed % 4]
            folder = os.path.join(work, f"jittered-{estates}-{seed}-{factor:.1f}")
            if not os.path.exists(os.path.join(folder, "plan.yaml")):
                subprocess.run([sys.executable, JITTERED, "--seed", str(seed), "--estates", str(estates), "--budget", str(factor),
                                "--out", folder], check=True, capture_output=True)
            mps = os.path.join(work, f"model-jittered-{estates}-{seed}.mps")
            plan_against(against, f"jittered {estates} seed {seed} budget x{factor:.1f}", os.path.join(folder, "plan.yaml"),
                         os.path.join(folder, "out"), mps, limit)
        if against.shares:
            print(f"i  jittered, {estates} estates, {limit:.0f} s, {len(against.shares)} districts: share of best plan known "
                  f"{against.line()}", flush=True)


def row_f(args, work):
    for limit in args.city_limits:
        summary, wall = plan_once(work, 20000, 2025, 1.0, True, limit)
        gap = summary.get("gap")
        print(f"f  20,000 estates, {limit:.0f} s: status {summary['status']}, objective {summary.get('objective')}, "
              f"reported gap {'-' if gap is None else f'{gap * 100:.2f}%'}, wall {wall:.1f} s (goal: a plan at any "
              f"limit >= 5 s, gap <= 2% at 60 s)", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="family of 4 x 400 estates at 10 s, HiGHS 30 s, no 5,000 family, "
                    "network row on 20,000 estates, one repetition")
    ap.add_argument("--rows", default="a,b,c,d,e,f,g,h,i")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--family", type=int, default=10, help="districts of 400 estates")
    ap.add_argument("--family-5000", type=int, default=10, help="districts of 5,000 estates")
    ap.add_argument("--funding-family", type=int, default=3, help="row g: 400-estate districts with levels and funding")
    ap.add_argument("--other-family", type=int, default=10, help="row h: scattered and clustered districts")
    ap.add_argument("--other-estates", type=int, default=400, help="row h: estates per synthetic district")
    ap.add_argument("--tight-family", type=int, default=4, help="row h: districts with a very tight budget (x0.05, norms)")
    ap.add_argument("--helsinki", type=int, default=3, help="row h: runs on OSM's central Helsinki (seeds 201, ...)")
    ap.add_argument("--other-5000", type=int, default=2, help="row h: scattered districts of 5,000 estates (seeds 301, ...)")
    ap.add_argument("--jittered-family", type=int, default=10, help="row i: jittered districts of 400 estates")
    ap.add_argument("--jittered-5000", type=int, default=3, help="row i: jittered districts of 5,000 estates")
    ap.add_argument("--limit-400", type=float, default=10)
    ap.add_argument("--limit-5000", type=float, default=60)
    ap.add_argument("--highs-seconds", type=float, default=300)
    ap.add_argument("--city-limits", default="5,60")
    ap.add_argument("--network-estates", type=int, default=100000)
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "renoplan-issue15"))
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    if args.quick:
        args.family, args.family_5000, args.highs_seconds, args.repeat = 4, 0, 30, 1
        args.other_family, args.helsinki, args.other_5000, args.tight_family = 4, 1, 0, 2
        args.jittered_family, args.jittered_5000 = 4, 0
        args.network_estates, args.city_limits = 20000, "5"
    args.city_limits = [float(x) for x in str(args.city_limits).split(",") if x]
    os.makedirs(args.work, exist_ok=True)
    if not args.no_build:
        build()
    print(f"# issue 15 benchmarks, {time.strftime('%Y-%m-%d %H:%M')}, load average {os.getloadavg()[0]:.1f}", flush=True)
    rows = {"a": row_a, "b": row_b, "c": row_c, "d": row_d, "e": row_e, "f": row_f, "g": row_g, "h": row_h, "i": row_i}
    for key in args.rows.split(","):
        rows[key.strip()](args, args.work)


if __name__ == "__main__":
    main()
