#!/usr/bin/python3
"""CLI test of `lloyd-cli fit`: runs the real binary on iris and KDD and checks
summary.json, assignments.csv and centroids.csv against ../shared/reference, the
--save-init / --init centroids: round trip, and exit statuses.
Usage: test-fit.py LLOYD-CLI (LLOYD_SHARED comes from meson)."""
import csv
import json
import math
import os
import subprocess
import sys
import tempfile

cli = sys.argv[1]
shared = os.environ["LLOYD_SHARED"]
iris = os.path.join(shared, "data", "iris.csv")
kdd = os.path.join(shared, "data", "kddcup.data_10_percent.gz")
failures = 0


def run(*args):
    p = subprocess.run([cli, "fit", *args], capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def check(name, condition, detail=""):
    global failures
    print(("ok " if condition else "FAIL ") + name + ("" if condition else f": {detail}"))
    if not condition:
        failures += 1


def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(1.0, abs(b))


with tempfile.TemporaryDirectory() as tmp:
    # iris from rows 0,1,2, raw units: the reference run, iteration by iteration
    ref = json.load(open(os.path.join(shared, "reference", "iris_lloyd_first3.json")))
    out = os.path.join(tmp, "iris")
    code, stdout, err = run(iris, "--init", "rows:0,1,2", "--normalize", "none", "--tol", "0",
                            "--out", out, "--json", "--timings")
    check("iris exit 0", code == 0, err)
    s = json.loads(stdout)
    check("stdout = summary.json", s == json.load(open(os.path.join(out, "summary.json"))))
    for key in ("k", "n", "d", "init", "seed", "iterations", "converged", "stop_reason", "n_iter",
                "inertia", "centroids", "timings"):
        check("summary has " + key, key in s)
    check("k n d", (s["k"], s["n"], s["d"]) == (3, 150, 4), (s["k"], s["n"], s["d"]))
    check("n_iter", s["n_iter"] == ref["sklearn_n_iter"] == len(s["iterations"]), s["n_iter"])
    check("converged", s["converged"] and s["stop_reason"] == "unchanged", s["stop_reason"])
    check("inertia", close(s["inertia"], ref["final_inertia"]), s["inertia"])
    for got, want in zip(s["iterations"], ref["iterations"]):
        check(f"iteration {want['iteration']} inertia",
              close(got["inertia"], want["inertia_after_assignment"]), got["inertia"])
        check(f"iteration {want['iteration']} shift",
              close(got["shift"], want["total_centroid_shift"]), got["shift"])
    check("final centroids", all(close(a, b) for r, w in zip(s["centroids"], ref["final_centroids"])
                                 for a, b in zip(r, w)))
    check("timings", set(s["timings"]) >= {"load", "preprocess", "init", "iterations", "total"}, s["timings"])
    check("timings on stderr", "iterations" in err and "total" in err, err)

    rows = list(csv.reader(open(os.path.join(out, "assignments.csv"))))
    check("assignments header", rows[0][:3] == ["row", "cluster", "distance"], rows[0])
    check("assignments labels", [int(r[1]) for r in rows[1:]] == ref["final_labels"])
    check("assignments distances", close(sum(float(r[2]) ** 2 for r in rows[1:]), ref["final_inertia"], 1e-9))
    cents = list(csv.reader(open(os.path.join(out, "centroids.csv"))))
    check("centroids header", cents[0][:2] == ["cluster", "units"] and len(cents[0]) == 6, cents[0])
    check("centroids units", [r[1] for r in cents[1:]] == ["normalized"] * 3 + ["original"] * 3)
    # without normalization the two unit systems agree
    check("centroids original = normalized", all(close(float(a), float(b)) for a, b in
                                                 zip(sum((r[2:] for r in cents[1:4]), []),
                                                     sum((r[2:] for r in cents[4:7]), []))))

    # --save-init then --init centroids: gives exactly the same run
    init_csv = os.path.join(tmp, "init.csv")
    code, stdout, err = run(iris, "--k", "3", "--seed", "7", "--save-init", init_csv, "--json")
    check("save-init exit 0", code == 0, err)
    a = json.loads(stdout)
    code, stdout, err = run(iris, "--init", "centroids:" + init_csv, "--json")
    check("init centroids exit 0", code == 0, err)
    b = json.loads(stdout)
    check("round trip initial centroids", a["initial_centroids"] == b["initial_centroids"])
    check("round trip inertia", a["inertia"] == b["inertia"] and a["n_iter"] == b["n_iter"])
    check("init from csv k", b["k"] == 3)

    # the same seed with 1 and 2 threads: identical summaries apart from timings
    runs = []
    for threads in ("1", "2"):
        code, stdout, err = run(iris, "--k", "4", "--init", "kmeans-parallel", "--seed", "3", "--n-init", "3",
                                "--threads", threads, "--json")
        d = json.loads(stdout)
        for key in ("timings", "iterations"):
            d.pop(key)
        runs.append(d)
    check("threads 1 = threads 2", runs[0] == runs[1])

    # every initialization runs
    for init in ("random", "partition", "kmeans++", "kmeans-parallel", "first", "average:3"):
        code, stdout, err = run(iris, "--k", "3", "--init", init, "--json")
        check("init " + init, code == 0 and json.loads(stdout)["k"] == 3, err)

    # usage and data errors
    code, _, err = run(iris)
    check("no k: usage", code == 2 and "--k" in err, (code, err))
    code, _, err = run(iris, "--k", "3", "--init", "bogus")
    check("bad init: usage", code == 2 and "bogus" in err, (code, err))
    code, _, err = run(iris, "--k", "3", "--normalize", "minmax")
    check("bad normalize: usage", code == 2, (code, err))
    code, _, err = run(iris, "--k", "200")
    check("k > n: data error", code == 1 and "200" in err, (code, err))
    code, _, err = run(iris, "--init", "rows:0,1,999")
    check("row out of range", code == 1 and "999" in err, (code, err))
    code, _, err = run(iris, "--k", "2", "--init", "rows:0,1,2")
    check("k disagrees with rows", code == 2, (code, err))
    code, _, err = run(iris, "--init", "rows:")
    check("rows: without rows: usage", code == 2 and "rows:" in err, (code, err))
    code, _, err = run(iris, "--k", "3", "--n-init", "2000000000")
    check("huge --n-init: usage", code == 2 and "1000" in err, (code, err))
    code, _, err = run(iris, "--k", "3", "--n-init", "1001")
    check("--n-init 1001: usage", code == 2 and "--n-init" in err, (code, err))
    code, _, err = run(iris, "--init", "centroids:" + os.path.join(tmp, "missing.csv"))
    check("missing centroids file", code != 0 and "missing.csv" in err, (code, err))

    # KDD: numeric columns z-scored, the reference rows, exactly 10 iterations
    kref = json.load(open(os.path.join(shared, "reference", "kdd10_summary.json")))["kmeans_k23"]
    code, stdout, err = run(kdd, "--init", "rows:" + ",".join(map(str, kref["init_rows"])), "--no-one-hot",
                            "--max-iter", "10", "--tol", "0", "--json")
    check("kdd exit 0", code == 0, err)
    s = json.loads(stdout)
    check("kdd d", s["d"] == 38, s["d"])
    check("kdd n_iter", s["n_iter"] == 10 and s["stop_reason"] == "max-iter", (s["n_iter"], s["stop_reason"]))
    check("kdd inertia", close(s["inertia"], kref["inertia"], 1e-9) and abs(s["inertia"] - kref["inertia"]) / kref["inertia"] < 1e-9,
          (s["inertia"], kref["inertia"]))

print(f"{failures} failures")
sys.exit(1 if failures else 0)
