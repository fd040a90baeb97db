#!/usr/bin/python3
"""bench_other.py — the other side of tools/bench: what a Lloyd user would otherwise
run (pandas, numpy, scikit-learn 1.2, matplotlib), one function per benchmark line.

Each phase loads what it needs untimed (from a cache in --cache, built on first use),
times only the operation the line compares, --repeat times, and prints one JSON object:
{"phase": ..., "times": [seconds, ...], ...extra facts (inertia, iterations, RSS)}.

Run by tools/bench with /usr/bin/python3 (Debian's numpy/pandas/sklearn/matplotlib).
"""

import argparse
import json
import os
import resource
import sys
import time

import numpy as np
import pandas as pd

KDD_CATEGORICAL = [1, 2, 3]  # protocol_type, service, flag
KDD_LABEL = 41


def timed(fn, repeat):
    """Runs fn() repeat times; returns (seconds per run, last result)."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def read_kdd(path):
    return pd.read_csv(path, header=None)


def cached(cache, name, build):
    """A numpy array or DataFrame kept in the cache folder between phases (untimed)."""
    path = os.path.join(cache, name)
    if name.endswith(".pkl"):
        if not os.path.exists(path):
            build().to_pickle(path)
        return pd.read_pickle(path)
    if not os.path.exists(path):
        np.save(path, build())
    return np.ascontiguousarray(np.load(path))


def kdd_frame(args):
    return cached(args.cache, "kdd.pkl", lambda: read_kdd(args.data))


def zscore_inplace(x):
    """Population std (ddof=0); a zero-variance column is only centered, as Lloyd."""
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std == 0] = 1.0
    x -= mean
    x /= std
    return x


def feature_names(df, numeric):
    """Names of the matrix columns in the order built here: source columns in file
    order (named by index), a categorical column's levels in order of first appearance
    ("1=tcp"), as Lloyd orders its levels (pandas.get_dummies would sort them)."""
    names = []
    for col in df.columns:
        if col == KDD_LABEL or (numeric and col in KDD_CATEGORICAL):
            continue
        if col in KDD_CATEGORICAL:
            names += [f"{col}={lv}" for lv in pd.unique(df[col])]
        else:
            names.append(str(col))
    return names


def one_hot_matrix(df):
    parts = []
    for col in df.columns:
        if col == KDD_LABEL:
            continue
        if col in KDD_CATEGORICAL:
            levels = pd.unique(df[col])
            codes = pd.Categorical(df[col], categories=levels).codes
            parts.append(np.eye(len(levels))[codes])
        else:
            parts.append(df[col].to_numpy(dtype=np.float64)[:, None])
    return np.ascontiguousarray(np.hstack(parts))


def kdd_matrix(args):
    """The normalized matrix of the line: one-hot (118 columns) or --numeric (38)."""
    if args.numeric:
        def build():
            num = kdd_frame(args).drop(columns=KDD_CATEGORICAL + [KDD_LABEL])
            return zscore_inplace(np.ascontiguousarray(num.to_numpy(dtype=np.float64)))
        return cached(args.cache, "x38.npy", build)
    return cached(args.cache, "x118.npy", lambda: zscore_inplace(one_hot_matrix(kdd_frame(args))))


def kdd_label_codes(args):
    """The 23 attack types as integer labels (order of first appearance)."""
    def build():
        labels = kdd_frame(args)[KDD_LABEL]
        return pd.Categorical(labels, categories=pd.unique(labels)).codes.astype(np.int32)
    return cached(args.cache, "labels.npy", build)


def read_centroids(path):
    """A centroids CSV as lloyd-cli bench writes it: a header of feature names
    ("duration", "service=http" …), then k rows of d numbers."""
    with open(path) as f:
        header = f.readline().strip().split(",")
    return np.ascontiguousarray(np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)), header


def align_columns(x, names, header):
    """Reorders the columns of x (named by feature_names) to Lloyd's feature order in
    header, so both sides cluster the very same matrix. Numeric sources are matched to
    numeric file columns in order, categorical ones likewise; the order of levels comes
    from the level names."""
    def sources(ns, categorical):
        return list(dict.fromkeys(n.split("=", 1)[0] for n in ns if ("=" in n) == categorical))
    rename = {theirs: mine for cat in (False, True)
              for theirs, mine in zip(sources(header, cat), sources(names, cat))}
    index = {n: i for i, n in enumerate(names)}
    perm = []
    for n in header:
        src, eq, level = n.partition("=")
        perm.append(index[rename[src] + eq + level])
    if len(perm) != x.shape[1]:
        raise ValueError(f"Lloyd has {len(perm)} features, this side {x.shape[1]}")
    if perm == list(range(x.shape[1])):
        return x
    return np.ascontiguousarray(x[:, perm])


def matrix_and_centroids(args):
    """The matrix of the line in Lloyd's column order, and the centroids Lloyd wrote."""
    centers, header = read_centroids(args.init)
    x = kdd_matrix(args)
    return align_columns(x, feature_names(kdd_frame(args), args.numeric), header), centers


# --- one function per line ------------------------------------------------------------

def phase_parse(args):
    compression = "gzip" if args.data.endswith(".gz") else None
    times, df = timed(lambda: pd.read_csv(args.data, header=None, compression=compression),
                      args.repeat)
    return {"times": times, "rows": len(df), "columns": df.shape[1]}


def phase_preprocess(args):
    df = kdd_frame(args)

    def run():
        if args.numeric:
            x = df.drop(columns=KDD_CATEGORICAL + [KDD_LABEL]).to_numpy(dtype=np.float64)
        else:
            dummies = pd.get_dummies(df.drop(columns=[KDD_LABEL]), columns=KDD_CATEGORICAL)
            x = dummies.to_numpy(dtype=np.float64)
        return zscore_inplace(x)
    times, x = timed(run, args.repeat)
    return {"times": times, "n": x.shape[0], "d": x.shape[1]}


def phase_init(args):
    from sklearn.cluster import kmeans_plusplus
    x = kdd_matrix(args)
    times, (centers, _) = timed(
        lambda: kmeans_plusplus(x, args.k, random_state=args.seed), args.repeat)
    return {"times": times, "n": x.shape[0], "d": x.shape[1], "k": args.k}


def phase_iter(args):
    """One Lloyd iteration (assign every point, then move every centroid) exactly as
    KMeans(algorithm='lloyd').fit runs it: sklearn's Cython step with BLAS limited to one
    thread and OpenMP on all cores. Calling the step itself leaves out fit()'s data
    validation, copy, centering and final re-assignment, which are not an iteration."""
    from sklearn.cluster import kmeans_plusplus
    from sklearn.cluster._k_means_lloyd import lloyd_iter_chunked_dense
    from sklearn.utils._openmp_helpers import _openmp_effective_n_threads
    from threadpoolctl import threadpool_limits

    if args.init:
        x, centers = matrix_and_centroids(args)
    else:
        x = kdd_matrix(args)
        centers, _ = kmeans_plusplus(x, args.k, random_state=args.seed)
    k = centers.shape[0]
    weights = np.ones(x.shape[0], dtype=x.dtype)
    centers_new = np.zeros_like(centers)
    weight_in_clusters = np.zeros(k, dtype=x.dtype)
    labels = np.full(x.shape[0], -1, dtype=np.int32)
    center_shift = np.zeros(k, dtype=x.dtype)
    n_threads = _openmp_effective_n_threads()

    def run():
        lloyd_iter_chunked_dense(x, weights, centers, centers_new, weight_in_clusters,
                                 labels, center_shift, n_threads)
    with threadpool_limits(limits=1, user_api="blas"):
        times, _ = timed(run, args.repeat)
    return {"times": times, "n": x.shape[0], "d": x.shape[1], "k": k}


def phase_fit(args):
    from sklearn.cluster import KMeans
    x, centers = matrix_and_centroids(args)
    k = centers.shape[0]

    def run():
        # tol=0: stop when no label changes, the rule both sides share exactly.
        return KMeans(n_clusters=k, init=centers, n_init=1, max_iter=args.max_iter,
                      tol=0.0, algorithm="lloyd").fit(x)
    times, km = timed(run, args.repeat)
    return {"times": times, "n": x.shape[0], "d": x.shape[1], "k": k,
            "inertia": float(km.inertia_), "iterations": int(km.n_iter_)}


def phase_elbow(args):
    from sklearn.cluster import KMeans
    x = kdd_matrix(args)
    ks = list(range(args.k_min, args.k_max + 1))

    def run():
        return [KMeans(n_clusters=k, init="k-means++", n_init=1, max_iter=args.max_iter,
                       random_state=args.seed, algorithm="lloyd").fit(x) for k in ks]
    times, fits = timed(run, args.repeat)
    return {"times": times, "n": x.shape[0], "d": x.shape[1], "k_min": ks[0], "k_max": ks[-1],
            "inertias": [float(f.inertia_) for f in fits],
            "iterations": [int(f.n_iter_) for f in fits]}


def phase_silhouette(args):
    from sklearn.metrics import silhouette_score
    x = kdd_matrix(args)
    labels = kdd_label_codes(args)
    times, score = timed(
        lambda: silhouette_score(x, labels, sample_size=args.sample, random_state=args.seed),
        args.repeat)
    return {"times": times, "n": args.sample, "d": x.shape[1], "silhouette": float(score)}


def phase_pca(args):
    from sklearn.decomposition import PCA
    x = kdd_matrix(args)
    times, y = timed(lambda: PCA(n_components=2).fit_transform(x), args.repeat)
    return {"times": times, "n": x.shape[0], "d": x.shape[1]}


def phase_figure(args):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.decomposition import PCA

    def build():
        return PCA(n_components=2, random_state=0).fit_transform(kdd_matrix(args))
    xy = cached(args.cache, "pca2.npy", build)
    labels = kdd_label_codes(args)
    out = args.out or os.path.join(args.cache, "clusters-matplotlib.png")

    def run():
        fig, ax = plt.subplots(figsize=(12, 8), dpi=100)
        ax.scatter(xy[:, 0], xy[:, 1], c=labels, s=1, cmap="tab20")
        ax.set_xlabel("PC 1")
        ax.set_ylabel("PC 2")
        fig.savefig(out, dpi=100)
        plt.close(fig)
    times, _ = timed(run, args.repeat)
    return {"times": times, "n": xy.shape[0], "png": out}


def phase_e2e(args):
    """Load + one-hot + z-score + k-means++ + fit, as a pandas/sklearn user writes it."""
    from sklearn.cluster import KMeans

    def run():
        df = pd.read_csv(args.data, header=None)
        dummies = pd.get_dummies(df.drop(columns=[KDD_LABEL]), columns=KDD_CATEGORICAL)
        del df
        x = zscore_inplace(dummies.to_numpy(dtype=np.float64))
        del dummies
        km = KMeans(n_clusters=args.k, init="k-means++", n_init=1, max_iter=args.max_iter,
                    random_state=args.seed, algorithm="lloyd").fit(x)
        return x.shape, km
    times, ((n, d), km) = timed(run, args.repeat)
    return {"times": times, "n": n, "d": d, "k": args.k, "inertia": float(km.inertia_),
            "iterations": int(km.n_iter_), "matrix_bytes": n * d * 8}


PHASES = {name[len("phase_"):]: fn for name, fn in globals().items()
          if name.startswith("phase_")}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("phase", choices=sorted(PHASES))
    p.add_argument("data", help="the KDD CSV (or .gz) file")
    p.add_argument("--cache", required=True, help="folder for untimed intermediate files")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--k", type=int, default=23)
    p.add_argument("--k-min", type=int, default=2)
    p.add_argument("--k-max", type=int, default=30)
    p.add_argument("--max-iter", type=int, default=300)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--sample", type=int, default=10000)
    p.add_argument("--numeric", action="store_true", help="the 38 numeric columns only")
    p.add_argument("--init", help="initial centroids CSV (written by lloyd-cli bench)")
    p.add_argument("--out", help="figure output file")
    args = p.parse_args()

    result = {"phase": args.phase}
    result.update(PHASES[args.phase](args))
    result["max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
