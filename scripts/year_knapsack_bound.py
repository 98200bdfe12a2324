#!/usr/bin/env python3
"""The Lagrangian bound over the year rows of a plan model, by Dantzig-Wolfe column generation.

Dev script (pip install highspy numpy), not part of renoplan. It answers one question about a
model written with `renoplan plan SCENARIO --write-mps model.mps`: how much of the gap between
the LP relaxation and the optimum would a bound with each year's budget (and 15% cap) solved as
an exact knapsack close? That bound is the best any Lagrangian relaxation of the other rows can
give, and the best that knapsack cover cuts on the year rows can reach.

    python3 scripts/year_knapsack_bound.py model.mps

Each year t is a subproblem: its own columns (names ending in _t<t>) under its year-local rows
(`budget_t<t>`, `extended_cap_t<t>`, `capacity_t<t>`), integer where the model says so, solved
by HiGHS. Every other row (norms, clusters across years, site areas) stays in the master LP over
the years' plans. Each round prints the master's value (a lower estimate) and the Lagrangian bound
(master + each year's best reduced profit: an upper bound on the optimum); the run ends when no
year has a plan of positive reduced profit, where the two meet.
"""

import re
import sys

import highspy
import numpy as np


def main(path: str, rounds: int = 1000) -> None:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(path)
    lp = h.getLp()
    n, m = lp.num_col_, lp.num_row_
    names = [h.getColName(j)[1] for j in range(n)]
    row_names = [h.getRowName(i)[1] for i in range(m)]
    year = np.array([int(re.search(r"_t(\d+)$", name).group(1)) for name in names])
    years = int(year.max()) + 1
    integer = np.array([len(lp.integrality_) > 0 and lp.integrality_[j] == highspy.HighsVarType.kInteger for j in range(n)])
    cost = np.array(lp.col_cost_)
    lower, upper = np.array(lp.col_lower_), np.array(lp.col_upper_)
    row_lower, row_upper = np.array(lp.row_lower_), np.array(lp.row_upper_)
    entries = [[] for _ in range(m)]
    matrix = lp.a_matrix_
    for j in range(n):
        for k in range(matrix.start_[j], matrix.start_[j + 1]):
            entries[matrix.index_[k]].append((j, matrix.value_[k]))
    local = {}
    for i in range(m):
        in_years = {int(year[j]) for j, _ in entries[i]}
        if len(in_years) == 1 and row_names[i].startswith(("budget_t", "extended_cap_t", "capacity_t")):
            local[i] = in_years.pop()
    linking = [i for i in range(m) if i not in local]
    link = np.zeros((len(linking), n))
    for r, i in enumerate(linking):
        for j, value in entries[i]:
            link[r, j] = value
    columns_of_year = [np.where(year == t)[0] for t in range(years)]
    infinity = highspy.kHighsInf

    def bounded(value: float) -> float:
        return value if abs(value) < 1e30 else (infinity if value > 0 else -infinity)

    def year_plan(t: int, prices: np.ndarray):
        """The year's best plan at the master's prices: (value, proven bound, column values)."""
        J = columns_of_year[t]
        profit = cost[J] - prices @ link[:, J]
        sub = highspy.Highs()
        sub.setOptionValue("output_flag", False)
        sub.setOptionValue("mip_rel_gap", 1e-9)
        empty = np.array([], dtype=np.int32)
        sub.addCols(len(J), profit, lower[J], upper[J], 0, empty, empty, np.array([]))
        for k, j in enumerate(J):
            if integer[j]:
                sub.changeColIntegrality(k, highspy.HighsVarType.kInteger)
        position = {j: k for k, j in enumerate(J)}
        for i, t_row in local.items():
            if t_row == t:
                index = np.array([position[j] for j, _ in entries[i]], dtype=np.int32)
                sub.addRow(bounded(row_lower[i]), bounded(row_upper[i]), len(index), index, np.array([v for _, v in entries[i]]))
        sub.changeObjectiveSense(highspy.ObjSense.kMaximize)
        sub.run()
        values = np.zeros(n)
        values[J] = sub.getSolution().col_value
        info = sub.getInfo()
        return info.objective_function_value, info.mip_dual_bound, values

    plans = [[np.zeros(n)] for _ in range(years)]
    best = float("inf")
    for round_ in range(rounds):
        master = highspy.Highs()
        master.setOptionValue("output_flag", False)
        pool = [(t, plan) for t in range(years) for plan in plans[t]]
        empty = np.array([], dtype=np.int32)
        master.addCols(len(pool), np.array([cost @ p for _, p in pool]), np.zeros(len(pool)), np.full(len(pool), infinity), 0, empty, empty, np.array([]))
        for r in range(len(linking)):
            coefficients = np.array([link[r] @ p for _, p in pool])
            nonzero = np.nonzero(np.abs(coefficients) > 1e-12)[0]
            i = linking[r]
            master.addRow(bounded(row_lower[i]), bounded(row_upper[i]), len(nonzero), nonzero.astype(np.int32), coefficients[nonzero])
        for t in range(years):
            index = np.array([k for k, (t_plan, _) in enumerate(pool) if t_plan == t], dtype=np.int32)
            master.addRow(-infinity, 1.0, len(index), index, np.ones(len(index)))
        master.changeObjectiveSense(highspy.ObjSense.kMaximize)
        master.run()
        value = master.getInfo().objective_function_value
        duals = np.array(master.getSolution().row_dual)
        prices, convexity = duals[: len(linking)], duals[len(linking):]
        reduced, added = 0.0, 0
        for t in range(years):
            found, proven, plan = year_plan(t, prices)
            reduced += max(0.0, proven - convexity[t])
            if found - convexity[t] > 1e-7 * max(1.0, abs(value)):
                plans[t].append(np.round(plan, 9))
                added += 1
        best = min(best, value + reduced)
        print(f"round {round_}: master {value:.2f}, Lagrangian bound {value + reduced:.2f}, best bound {best:.2f}", flush=True)
        if added == 0:
            break
    print(f"bound over the year rows: {best:.2f}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
