#!/usr/bin/env python3
"""Checks the main search's root cuts against HiGHS on small districts (dev script: pip install highspy;
the second generator also needs shapely, numpy, pyproj).

renoplan adds residual-need and shared-space cuts to its main search only (docs/solver.md, *The
bound*); `--write-mps` writes the model without them. Each district here is planned with
`mip_gap: 0` and no node limit, so renoplan proves an optimum with its cuts, and HiGHS solves the
exported model (no cuts) to a relative gap of 0. A cut that removed a plan could only show as
renoplan's optimum below HiGHS's. Districts: `renoplan-generate` (every third with walking
distance) and scripts/other_districts.py (scattered and clustered in turn), budgets from tight
to loose.

    python3 scripts/check_cuts.py                   # 8 + 4 districts of 120 estates
    python3 scripts/check_cuts.py --generated 14 --other 4 --estates 200
"""
import argparse, os, pathlib, re, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_issue15 as bench  # noqa: E402  (the scenario, plan and HiGHS helpers)

root = pathlib.Path(bench.ROOT)


def check(folder, crs, budget, distance):
    name = folder.name
    path = bench.write_scenario(str(folder), name,
                                f"budget: {{annual_yuan: {budget:.1f}}}\n"
                                f"distance: {distance}\n"
                                "solver: {time_limit_s: 300, node_limit: null, mip_gap: 0}\n", crs=crs, years=3)
    log = folder / "solver.log"
    summary, _, _ = bench.plan(path, str(folder / "out"), mps=str(folder / "model.mps"), log=str(log))
    status, optimum, _ = bench.highs_solve(str(folder / "model.mps"), 120, gap=0.0)
    cuts = re.search(r"(\d+) cuts in", log.read_text())
    tolerance = 1e-6 * max(1.0, abs(summary["objective"]))
    if summary["status"] != "optimal":
        verdict, ok = "renoplan did not prove its optimum within 300 s", True
    elif status == "Optimal":
        ok = abs(summary["objective"] - optimum) <= tolerance
        verdict = "the same optimum" if ok else "MISMATCH"
    else:
        # HiGHS not done in 120 s: a plan of its better than renoplan's proven optimum would
        # still show a cut that removed it.
        ok = optimum is None or optimum <= summary["objective"] + tolerance
        verdict = "HiGHS not done in 120 s, its best plan not above renoplan's optimum" if ok else "MISMATCH"
    print(f"{name:20} renoplan {summary['status']} {summary['objective']:.4f}, HiGHS {status} "
          f"{optimum if optimum is None else f'{optimum:.4f}'}, "
          f"{cuts.group(1) if cuts else 0} root cuts: {verdict}", flush=True)
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--generated", type=int, default=8, help="districts from renoplan-generate")
    ap.add_argument("--other", type=int, default=4, help="districts from scripts/other_districts.py")
    ap.add_argument("--estates", type=int, default=120)
    args = ap.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "renoplan"], cwd=root, check=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "renoplan-generate"], cwd=root, check=True)
    failed = 0
    with tempfile.TemporaryDirectory() as work:
        for k in range(args.generated + args.other):
            seed = k + 1
            generated = k < args.generated
            folder = pathlib.Path(work) / (f"generated-{seed}" if generated else f"other-{seed}")
            folder.mkdir()
            if generated:
                subprocess.run([bench.GENERATE, "--estates", str(args.estates),
                                "--seed", str(seed), "--out", str(folder)], check=True, stdout=subprocess.DEVNULL)
            else:
                layout = "scattered" if k % 2 == 0 else "clustered"
                subprocess.run([sys.executable, bench.OTHER, "--layout", layout,
                                "--estates", str(args.estates), "--seed", str(seed), "--out", str(folder)],
                               check=True, stdout=subprocess.DEVNULL)
            # Budgets from tight to loose (0.3 to 0.9 × 1.2M yuan per estate and year).
            budget = args.estates * 1.2e6 * (0.3 + 0.15 * (seed % 5))
            distance = "network" if generated and seed % 3 == 0 else "euclidean"
            failed += not check(folder, "EPSG:4547" if generated else None, budget, distance)
    print("no district shows a cut that removes a plan" if failed == 0 else f"{failed} MISMATCH")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
