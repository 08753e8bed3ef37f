"""Peer for bench/montecarlo.ts: the Prieto-Curiel et al. (2023) core model written the direct way, with
NumPy and a dense 150x150 K matrix, RK4 on weekly steps: 520 weeks from 2012, then four 260-week
policy branches (the same work as `reproducePrietoCuriel` in src/sim/reproduce.ts).

Run with Debian's own Python: /usr/bin/python3 bench/peer_core.py DATA_DIR REPEATS
Prints one JSON line: {"seconds_per_run": ..., "members2022": ...}.
"""
import csv
import json
import sys
import time

import numpy as np


def load(folder):
    def rows(name):
        with open(f"{folder}/{name}", encoding="utf-8-sig") as f:
            return list(csv.DictReader(f))

    nodes = rows("BACRIM2020_Nodes.csv")
    index = {r["Node"]: i for i, r in enumerate(nodes)}
    n = len(nodes)

    def matrix(name):
        m = np.zeros((n, n))
        for r in rows(name):
            m[index[r["Node"]], index[r["RNode"]]] = float(r["weight"])
        return np.maximum(m, m.T)

    rivals, allies = matrix("BACRIM2020_Rivals.csv"), matrix("BACRIM2020_Alliances.csv")
    total = rivals.sum(1) + allies.sum(1)
    order = sorted(range(n), key=lambda i: -total[i])  # stable: ties keep file order
    rank = np.empty(n)
    rank[order] = np.arange(1, n + 1)
    k = (rivals + 1) / (allies.sum(1)[:, None] + 1)
    np.fill_diagonal(k, 0)
    return k, rank


RHO, ETA, THETA, OMEGA = 2.527474e-3, 110.0, 1.549231e-8, 4e-8


def run(k, rank):
    c = (1 / rank) / np.sum(1 / rank) * 115000

    def f(c, rho, eta):
        return c * (rho - eta / c.sum() - THETA * (k @ c) - OMEGA * c)

    def weeks(c, count, rho=RHO, eta=ETA):
        for _ in range(count):
            k1 = f(c, rho, eta)
            k2 = f(c + 0.5 * k1, rho, eta)
            k3 = f(c + 0.5 * k2, rho, eta)
            k4 = f(c + k3, rho, eta)
            c = c + (k1 + 2 * k2 + 2 * k3 + k4) / 6
        return c

    c2022 = weeks(c, 520)
    for rho, eta in [(RHO, ETA), (RHO / 2, ETA), (RHO, 2 * ETA), (0, ETA)]:
        weeks(c2022, 260, rho, eta)
    return c2022.sum()


if __name__ == "__main__":
    k, rank = load(sys.argv[1])
    repeats = int(sys.argv[2])
    run(k, rank)  # warm-up
    t0 = time.perf_counter()
    for _ in range(repeats):
        members = run(k, rank)
    print(json.dumps({"seconds_per_run": (time.perf_counter() - t0) / repeats, "members2022": members}))
