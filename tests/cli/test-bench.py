#!/usr/bin/python3
"""CLI test of `lloyd-cli bench` (the Lloyd side of tools/bench) and of the table
script: every phase runs on iris and prints one JSON object with as many times as
--repeat asked and the facts the table needs; the centroids it saves are the ones
k-means starts from; usage errors exit 2. Never checks how long anything took.
Usage: test-bench.py LLOYD-CLI (LLOYD_SHARED and LLOYD_SRCDIR come from meson)."""
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile

cli = sys.argv[1]
shared = os.environ["LLOYD_SHARED"]
srcdir = os.environ["LLOYD_SRCDIR"]
iris = os.path.join(shared, "data", "iris.csv")
tmp = tempfile.mkdtemp(prefix="lloyd-test-bench.")
failures = 0


def run(*args, env=None):
    p = subprocess.run([cli, "bench", *args], capture_output=True, text=True, timeout=120,
                       env=env)
    return p.returncode, p.stdout, p.stderr


def check(name, condition, detail=""):
    global failures
    print(("ok " if condition else "FAIL ") + name + ("" if condition else f": {detail}"))
    if not condition:
        failures += 1


def phase(name, *args, repeat=2, env=None):
    """Runs a phase on iris; checks the common shape; returns the JSON or {}."""
    code, out, err = run(name, iris, "--repeat", str(repeat), *args, env=env)
    check(f"{name} exit 0", code == 0, err)
    if code != 0:
        return {}
    check(f"{name} one JSON line", out.count("\n") == 1, out)
    res = json.loads(out)
    times = res.get("times", [])
    check(f"{name} phase", res.get("phase") == name, res)
    check(f"{name} {repeat} times", len(times) == repeat, times)
    check(f"{name} times finite, not negative",
          all(isinstance(t, float) and math.isfinite(t) and t >= 0 for t in times), times)
    check(f"{name} rss", res.get("max_rss_kb", 0) > 0, res)
    return res


def iris_zscore():
    """The matrix lloyd-cli fit clusters iris on: 4 columns, population z-score."""
    with open(iris) as f:
        rows = [line.strip().split(",")[:4] for line in f.readlines()[1:] if line.strip()]
    cols = list(zip(*[[float(v) for v in r] for r in rows]))
    out = []
    for c in cols:
        m = sum(c) / len(c)
        s = math.sqrt(sum((v - m) ** 2 for v in c) / len(c))
        out.append([(v - m) / s for v in c])
    return [list(r) for r in zip(*out)]


def inertia(x, centroids):
    return sum(min(sum((a - b) ** 2 for a, b in zip(p, c)) for c in centroids) for p in x)


res = phase("parse")
check("parse rows, columns", res.get("rows") == 150 and res.get("columns") == 5, res)
res = phase("preprocess")
check("preprocess n × d", res.get("n") == 150 and res.get("d") == 4, res)
res = phase("preprocess", "--numeric", repeat=1)
check("preprocess --numeric d", res.get("d") == 4, res)
res = phase("init", "--k", "3")
check("init k", res.get("k") == 3 and res.get("n") == 150, res)

# iter and fit save the k-means++ centroids they start from, with feature names.
init_iter = os.path.join(tmp, "init-iter.csv")
res = phase("iter", "--k", "3", "--save-init", init_iter, repeat=3)
check("iter one iteration", res.get("iterations") == 1, res)
with open(init_iter) as f:
    lines = f.read().splitlines()
check("iter init header", lines[0].split(",") ==
      ["sepal_length", "sepal_width", "petal_length", "petal_width"], lines[:1])
check("iter init rows", len(lines) == 4 and all(len(l.split(",")) == 4 for l in lines[1:]), lines)

init_fit = os.path.join(tmp, "init-fit.csv")
res = phase("fit", "--k", "3", "--save-init", init_fit, repeat=1)
with open(init_fit) as f:
    c0 = [[float(v) for v in l.split(",")] for l in f.read().splitlines()[1:]]
x = iris_zscore()
start = inertia(x, c0)
check("fit from the same k-means++ centroids as iter", open(init_iter).read() == open(init_fit).read())
check("fit stops on unchanged labels (tol 0)", res.get("stop") == "unchanged", res)
check("fit lowers the inertia of its saved start",
      0 < res.get("inertia", 0) <= start * (1 + 1e-12), (res.get("inertia"), start))
check("fit iterations", res.get("iterations", 0) >= 1, res)

res = phase("elbow", "--k-min", "2", "--k-max", "4", "--max-iter", "20", repeat=1)
check("elbow k range", res.get("k_min") == 2 and res.get("k_max") == 4, res)
check("elbow inertias", len(res.get("inertias", [])) == 3 and all(v > 0 for v in res["inertias"]), res)

res = phase("silhouette", "--sample", "100")
check("silhouette sample", res.get("n") == 100, res)
check("silhouette range", -1 <= res.get("silhouette", 9) <= 1, res)

res = phase("pca")
check("pca n × d", res.get("n") == 150 and res.get("d") == 4, res)

# fontconfig keeps its caches to the end of the process; that is not our leak.
supp = os.path.join(tmp, "lsan.supp")
with open(supp, "w") as f:
    f.write("leak:libfontconfig\n")
env = dict(os.environ, LSAN_OPTIONS=f"suppressions={supp}")
png = os.path.join(tmp, "clusters.png")
res = phase("figure", "--out", png, repeat=1, env=env)
with open(png, "rb") as f:
    head = f.read(24)
check("figure PNG 1200 × 800", head[:8] == b"\x89PNG\r\n\x1a\n" and
      struct.unpack(">II", head[16:24]) == (1200, 800), head)
check("figure points", res.get("n") == 150 and res.get("density") is False, res)

res = phase("e2e", "--k", "3", repeat=1)
check("e2e matrix bytes", res.get("matrix_bytes") == 150 * 4 * 8, res)
check("e2e inertia", res.get("inertia", 0) > 0, res)

# Usage and data errors.
code, _, err = run("nope", iris)
check("unknown phase exits 2", code == 2 and "nope" in err, (code, err))
code, _, err = run("parse")
check("missing FILE exits 2", code == 2, (code, err))
code, _, err = run("parse", iris, "--repeat", "0")
check("--repeat 0 exits 2", code == 2, (code, err))
code, _, err = run("parse", os.path.join(tmp, "missing.csv"))
check("missing file exits 1", code == 1 and "missing.csv" in err, (code, err))
code, _, err = run("silhouette", iris, "--label-column", "none")
check("silhouette without labels exits 2", code == 2 and "label column" in err, (code, err))

# The table: medians, ratio, goal, the equal-inertia check, and the Markdown block
# replaced in place with the text around it kept.
records = [
    {"line": "4a", "goal": 0.4, "bound": "kmeans", "what": "iteration", "side": "lloyd",
     "result": {"times": [1.0, 3.0, 2.0], "n": 1000, "d": 10, "k": 5, "iterations": 1,
                "max_rss_kb": 1}},
    {"line": "4a", "goal": 0.4, "bound": "kmeans", "what": "iteration", "side": "other",
     "result": {"times": [4.0, 6.0, 5.0], "max_rss_kb": 1}},
    {"line": "5", "goal": 0.3, "bound": "kmeans", "what": "fit", "side": "lloyd",
     "result": {"times": [2.0], "n": 10, "d": 2, "k": 2, "iterations": 3, "inertia": 10.0,
                "max_rss_kb": 1}},
    {"line": "5", "goal": 0.3, "bound": "kmeans", "what": "fit", "side": "other",
     "result": {"error": "boom"}},
    {"line": "5b", "goal": 0.3, "bound": "kmeans", "what": "fit", "side": "lloyd",
     "result": {"times": [1.0], "n": 10, "d": 2, "k": 2, "iterations": 3, "inertia": 10.0,
                "stop": "unchanged", "max_rss_kb": 1}},
    {"line": "5b", "goal": 0.3, "bound": "kmeans", "what": "fit", "side": "other",
     "result": {"times": [2.0], "iterations": 3, "inertia": 10.5, "max_rss_kb": 1}},
]
results = os.path.join(tmp, "results.jsonl")
with open(results, "w") as f:
    f.writelines(json.dumps(r) + "\n" for r in records)
probe = os.path.join(tmp, "probe.json")
with open(probe, "w") as f:
    json.dump({"dgemm_gflops": 1.0, "read_gbs": 1.0, "threads": 2}, f)
md = os.path.join(tmp, "bench.md")
with open(md, "w") as f:
    f.write("before\n<!-- bench:begin (written by tools/bench --markdown; edits inside are "
            "lost) -->\nold\n<!-- bench:end -->\nafter\n")
p = subprocess.run(["/usr/bin/python3", os.path.join(srcdir, "tools", "bench-py", "bench_table.py"),
                    results, probe, "--markdown", md], capture_output=True, text=True, timeout=60)
check("table exit 0", p.returncode == 0, p.stderr)
row = next((l.split() for l in p.stdout.splitlines() if l.startswith("4a ")), [])
# median 2 / median 5 = 0.4 ≤ 0.4; bound max(2·1000·10·5 / 1e9, 8·1000·10 / 1e9) = 1e-4 s
check("table row 4a", row[2:6] == ["2.000", "5.000", "0.400", "≤"] and "yes" in row
      and "20000.0×" in row, row)
check("table reports the failed side", "line 5: other failed: boom" in p.stdout, p.stdout)
check("table flags different inertias from the same start",
      "from the same initial centroids: DIFFERENT" in p.stdout, p.stdout)
text = open(md).read()
check("markdown block replaced", text.startswith("before\n") and text.endswith("after\n")
      and "old" not in text and "| 4a | iteration | 2.000 | 5.000 | 0.400 |" in text, text)

shutil.rmtree(tmp)
print(f"{failures} failures")
sys.exit(1 if failures else 0)
