#!/usr/bin/python3
"""Recomputes tests/data/kmeans-init-reference.json: scikit-learn's k-means++
quality on the data test-kmeans-kdd.c and test-kmeans-init.c use, so the tests
compare Lloyd's initializations without running Python.

Run with Debian's python3 (numpy, pandas, scikit-learn 1.2):
  /usr/bin/python3 tests/kmeans-init-reference.py ../shared > tests/data/kmeans-init-reference.json

For each data set and each seed 0..19: the inertia of kmeans_plusplus()'s centres
(greedy, 2 + ln k candidates) and of KMeans(init='k-means++', n_init=1, tol=0,
algorithm='lloyd') after fitting; the file stores their means over the seeds."""
import json, sys
import numpy as np
import pandas as pd
import sklearn
from sklearn.cluster import KMeans, kmeans_plusplus

shared = sys.argv[1] if len(sys.argv) > 1 else '../shared'

def init_inertia(X, centres):
    d = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(-1) if len(X) * len(centres) < 5e6 else None
    if d is None:
        xx = (X * X).sum(1)[:, None]; cc = (centres * centres).sum(1)[None, :]
        d = np.maximum(xx - 2 * X @ centres.T + cc, 0)
    return float(d.min(1).sum())

def stats(X, k, seeds=range(20)):
    init = []; fit = []
    for s in seeds:
        c, _ = kmeans_plusplus(X, k, random_state=s)
        init.append(init_inertia(X, c))
        fit.append(float(KMeans(k, init='k-means++', n_init=1, tol=0, algorithm='lloyd', random_state=s).fit(X).inertia_))
    return {"k": k, "n": len(X), "d": X.shape[1], "seeds": len(list(seeds)),
            "init_inertia_mean": float(np.mean(init)), "fit_inertia_mean": float(np.mean(fit))}

iris = pd.read_csv(f'{shared}/data/iris.csv').iloc[:, :4].values.astype(float)
kdd = pd.read_csv(f'{shared}/data/kddcup.data_10_percent.gz', header=None)
num = kdd.drop(columns=[1, 2, 3, 41]).values.astype(float)
m, s = num.mean(0), num.std(0); s[s == 0] = 1
z = (num - m) / s
sample = np.ascontiguousarray(z[::25])

out = {"about": "scikit-learn " + sklearn.__version__ + " k-means++ over seeds 0..19 (tests/kmeans-init-reference.py). "
       "iris: raw numeric columns. kdd_sample: the 38 numeric KDD columns z-scored (ddof 0, constant columns only centred) "
       "over all 494,021 rows, then every 25th row (rows 0, 25, 50, ...).",
       "iris": stats(iris, 3), "kdd_sample": stats(sample, 23)}
json.dump(out, sys.stdout, indent=1)
print()
