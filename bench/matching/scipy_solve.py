#!/usr/bin/env python3
"""Solve the weight matrix matching_bench wrote with SciPy, as the reference for run.sh.

usage: scipy_solve.py <weights.f64> <rows> <cols> [repeats]
Prints key=value lines: scipy_total (Σ of the chosen weights, maximised, math.fsum),
scipy_seconds (the linear_sum_assignment call alone, fastest of `repeats`), scipy_matched (pairs with weight > 0, the
feasible ones), scipy_peak_rss_kb, scipy_version.
"""
import math
import resource
import sys
import time

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment


def main() -> None:
    path, rows, cols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    repeats = max(1, int(sys.argv[4])) if len(sys.argv) > 4 else 1
    weights = np.fromfile(path, dtype="<f8").reshape(rows, cols)
    seconds = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        r, c = linear_sum_assignment(weights, maximize=True)
        seconds = min(seconds, time.perf_counter() - t0)
    chosen = weights[r, c]
    total = math.fsum(chosen)  # exactly rounded, so only the assignment can differ
    print(f"scipy_total={total!r}")
    print(f"scipy_seconds={seconds:.4f}")
    print(f"scipy_matched={int((chosen > 0).sum())}")
    print(f"scipy_peak_rss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
    print(f"scipy_version={scipy.__version__}")


if __name__ == "__main__":
    main()
