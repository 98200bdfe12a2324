#!/usr/bin/env python3
"""Cross-check renoplan's plan against the true optimum of the same model (dev script only).

Runs `renoplan plan` on a scenario with --write-mps, then solves the very same integer programme
with HiGHS (pip install highspy) for a long time and compares objectives:

    python3 scripts/check_optimum.py scenarios/demo.yaml --highs-seconds 1800

The product never uses HiGHS; this is only how docs/optimality.md's figures were obtained.
"""
import argparse, json, os, subprocess, sys, tempfile, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("--highs-seconds", type=float, default=1800)
    ap.add_argument("--renoplan", default="swift run -c release -q renoplan")
    ap.add_argument("--time-limit", type=float, default=None, help="renoplan's own limit (default: the scenario's)")
    args = ap.parse_args()

    import highspy

    work = tempfile.mkdtemp(prefix="renoplan-optimum-")
    mps = os.path.join(work, "model.mps")
    cmd = args.renoplan.split() + ["plan", args.scenario, "--out", os.path.join(work, "out"), "--write-mps", mps, "--quiet"]
    if args.time_limit:
        cmd += ["--time-limit", str(args.time_limit)]
    started = time.time()
    subprocess.run(cmd, check=True)
    renoplan_wall = time.time() - started
    summary = json.load(open(os.path.join(work, "out", "summary.json")))

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", args.highs_seconds)
    h.setOptionValue("mip_rel_gap", 1e-6)
    h.readModel(mps)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)  # GLPK's MPS does not carry the sense
    t0 = time.time()
    h.run()
    info = h.getInfo()
    highs = {
        "status": h.modelStatusToString(h.getModelStatus()),
        "objective": info.objective_function_value,
        "bound": info.mip_dual_bound,
        "gap": info.mip_gap,
        "seconds": round(time.time() - t0, 1),
    }
    best_known = highs["objective"]
    ours = summary["objective"]
    print(json.dumps({
        "scenario": args.scenario,
        "renoplan": {"status": summary["status"], "objective": ours, "bound": summary["bound"],
                     "gap": summary["gap"], "wall_seconds": round(renoplan_wall, 1)},
        "highs": highs,
        "renoplan_below_optimum": (best_known - ours) / best_known if best_known else None,
        "renoplan_below_highs_bound": (highs["bound"] - ours) / highs["bound"] if highs["bound"] else None,
    }, indent=2))


if __name__ == "__main__":
    main()
