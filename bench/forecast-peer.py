"""Peer for bench/forecast.ts and test/fixtures/forecast/statsmodels-nb2.json: the NB2 regression of
Atalaya's forecast (src/forecast/negbin.ts, one dispersion) fitted by statsmodels'
discrete_model.NegativeBinomial(loglike_method='nb2').

Run with Debian's own Python (apt-get install python3-statsmodels):
    /usr/bin/python3 bench/forecast-peer.py DESIGN.csv [MAXITER]
DESIGN.csv is written by bench/forecast-design.ts: a header of feature names (the first the constant)
then `y`, one row per training observation. Prints one JSON line:
    {"params": {name: value}, "alpha": ..., "llf": ..., "n": ..., "seconds": ..., "converged": ...,
     "iterations": ..., "method": ..., "statsmodels": version}
`seconds` times only the fit (the Poisson start included, as statsmodels does it by default), not reading
the CSV.

Method: statsmodels' default optimiser (BFGS on log alpha, started from a Poisson fit and the moment
estimate of alpha), then Newton with the analytic NB2 Hessian from where BFGS stopped. Newton alone from
the default start diverges on these designs (alpha runs off to ~1e6): the moment estimate of alpha (~4 on
the Chihuahua-Sinaloa slice) is far above the optimum (~0.5) and statsmodels' Newton steps alpha itself,
without a line search. BFGS alone stops short of the optimum (|delta beta| ~ 1e-4 on the full design);
Newton then converges in 2-3 iterations. `iterations` counts the Newton iterations.
"""
import json
import sys
import time
import warnings

import numpy as np
import statsmodels
from statsmodels.discrete.discrete_model import NegativeBinomial


def main():
    path = sys.argv[1]
    maxiter = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    names = header[:-1]
    X, y = data[:, :-1], data[:, -1]
    model = NegativeBinomial(y, X, loglike_method="nb2")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        start = model.fit(method="bfgs", maxiter=10 * maxiter, disp=0)
        res = model.fit(start_params=start.params, method="newton", maxiter=maxiter, disp=0)
        seconds = time.perf_counter() - t0
    params = res.params
    print(
        json.dumps(
            {
                "params": {name: float(v) for name, v in zip(names, params[:-1])},
                "alpha": float(params[-1]),
                "llf": float(res.llf),
                "n": int(len(y)),
                "seconds": seconds,
                "converged": bool(res.mle_retvals.get("converged", False)),
                "iterations": int(res.mle_retvals.get("iterations", -1)),
                "method": "bfgs+newton",
                "statsmodels": statsmodels.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
