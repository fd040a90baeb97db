#!/usr/bin/python3
"""CLI test of the anomaly part of `lloyd-cli fit` (--threshold, --normal-label,
--train-on-normal, --pca, --save-model) and of `lloyd-cli score`: iris against
../shared/reference (iris_anomaly, iris_metrics, iris_pca), the tutorial's digits
case, the model round trip, damaged models and usage errors.
Usage: test-score.py LLOYD-CLI (LLOYD_SHARED comes from meson)."""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile

cli = sys.argv[1]
shared = os.environ["LLOYD_SHARED"]
iris = os.path.join(shared, "data", "iris.csv")
digits = os.path.join(shared, "data", "digits.csv")
failures = 0


def run(*args):
    p = subprocess.run([cli, *args], capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def check(name, condition, detail=""):
    global failures
    print(("ok " if condition else "FAIL ") + name + ("" if condition else f": {detail}"))
    if not condition:
        failures += 1


def close(a, b, tol=1e-9):
    return abs(a - b) <= tol * max(1.0, abs(b))


def reference(name):
    return json.load(open(os.path.join(shared, "reference", name)))


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


tmp = tempfile.mkdtemp(prefix="lloyd-score-")
ref_anomaly = reference("iris_anomaly.json")
ref_metrics = reference("iris_metrics.json")["labels_lloyd_first3"]
ref_pca = reference("iris_pca.json")

# iris, raw, from rows 0,1,2 as iris_lloyd_first3.json: known answers.
out1 = os.path.join(tmp, "fit")
model = os.path.join(tmp, "model.json")
code, _, err = run("fit", iris, "--init", "rows:0,1,2", "--normalize", "none", "--tol", "0",
                   "--threshold", "percentile:99", "--normal-label", "setosa", "--pca",
                   "--save-model", model, "--out", out1)
check("fit exit 0", code == 0, err)
s = json.load(open(os.path.join(out1, "summary.json")))
a = s["anomaly"]
check("threshold mode", a["threshold"]["mode"] == "percentile" and a["threshold"]["value"] == 99)
per = ref_anomaly["per_cluster_percentiles"]
check("per-cluster 99th percentiles",
      all(close(a["threshold"]["per_cluster"][c], per[str(c)]["99"]) for c in range(3)),
      a["threshold"]["per_cluster"])
check("flagged rows", a["flagged_rows"] == sorted(ref_anomaly["flagged_at_99"]), a["flagged_rows"])
check("flagged count", a["flagged"] == 3)
check("farthest rows", [r["row"] for r in a["farthest_rows"][:5]] == ref_anomaly["top5_farthest"])
contrib = {c["feature"]: c["value"] for c in a["feature_contributions"]}
check("feature contributions",
      all(close(contrib[f], v) for f, v in zip(ref_anomaly["feature_names"], ref_anomaly["feature_contribution_99"])),
      contrib)
values = [c["value"] for c in a["feature_contributions"]]
check("contributions sorted", values == sorted(values, reverse=True))
check("raw data: original units = normalized", all(close(c["value"], c["original"]) for c in a["feature_contributions"]))
check("column contributions", {c["column"] for c in a["column_contributions"]} == set(ref_anomaly["feature_names"]))
check("circles", len(a["circles"]) == 3 and sum(c["members"] for c in a["circles"]) == 150)

e = s["evaluation"]
check("ari", close(e["ari"], ref_metrics["adjusted_rand_vs_species"]), e["ari"])
check("nmi", close(e["nmi"], ref_metrics["normalized_mutual_info_vs_species"]), e["nmi"])
check("purity", close(e["purity"], 133 / 150), e["purity"])
check("contingency", e["contingency"]["labels"] == ["setosa", "versicolor", "virginica"]
      and sum(map(sum, e["contingency"]["counts"])) == 150)
check("confusion adds up", e["tp"] + e["fp"] + e["tn"] + e["fn"] == 150 and e["tp"] + e["fn"] == 100)
check("tutorial counts", e["normal_misclassified_as_abnormal"] == e["fp"]
      and e["abnormal_misclassified_as_normal"] == e["fn"])
check("roc auc in range", 0 <= e["roc_auc"] <= 1)
cv = e["curves"]
check("curves", len({len(v) for v in cv.values()}) == 1 and 2 <= len(cv["fpr"]) <= 201
      and cv["threshold"][0] is None and cv["fpr"][-1] == 1 and cv["tpr"][-1] == 1, cv)
auc = sum((cv["fpr"][i] - cv["fpr"][i - 1]) * (cv["tpr"][i] + cv["tpr"][i - 1]) / 2 for i in range(1, len(cv["fpr"])))
check("curves integrate to the AUC", close(auc, e["roc_auc"], 1e-12), (auc, e["roc_auc"]))

p = s["pca"]
check("pca ratios", all(close(x, y) for x, y in zip(p["explained_variance_ratio"], ref_pca["explained_variance_ratio"][:2])))
check("pca components", all(close(x, y) for r, q in zip(p["components"], ref_pca["components"][:2]) for x, y in zip(r, q)))
assign = rows(os.path.join(out1, "assignments.csv"))
check("assignments columns", list(assign[0]) == ["row", "cluster", "distance", "flagged", "pc1", "pc2"], list(assign[0]))
check("projected first rows", all(close(float(assign[i]["pc1"]), ref_pca["first5_projected_2d"][i][0])
                                  and close(float(assign[i]["pc2"]), ref_pca["first5_projected_2d"][i][1]) for i in range(5)))
check("flag column", [int(r["row"]) for r in assign if r["flagged"] == "1"] == a["flagged_rows"])

# The saved model scores the same file with the same flags.
out2 = os.path.join(tmp, "score")
code, _, err = run("score", "--model", model, iris, "--out", out2)
check("score exit 0", code == 0, err)
s2 = json.load(open(os.path.join(out2, "summary.json")))
check("score same flags", s2["anomaly"]["flagged_rows"] == a["flagged_rows"])
check("score same data", s2["model"]["same_data"] is True and s2["model"]["trained_on"] == "iris.csv")
check("score thresholds from model", s2["anomaly"]["threshold"] == a["threshold"])
check("score evaluation", s2["evaluation"]["fp"] == e["fp"] and s2["evaluation"]["fn"] == e["fn"])
assign2 = rows(os.path.join(out2, "assignments.csv"))
check("score flags per row", [r["flagged"] for r in assign2] == [r["flagged"] for r in assign])
check("score projection", all(close(float(x["pc1"]), float(y["pc1"])) for x, y in zip(assign, assign2)))
code, out, err = run("score", "--model", model, iris)
check("score prints a summary", code == 0 and "Flagged: 3" in out, out + err)

# Damaged, edited and mismatched models: exit 1 and a message naming the file.
text = open(model).read()
bad = os.path.join(tmp, "bad.json")
for name, content, words in [
        ("truncated", text[: len(text) // 2], "bad.json:"),
        ("edited", text.replace('"max_iter" : 300', '"max_iter" : 301'), "checksum"),
        ("newer", text.replace('"format_version" : 1', '"format_version" : 7'), "model format 7"),
        ("not a model", "{}", "not a Lloyd model")]:
    check(name + " changed", content != text)
    open(bad, "w").write(content)
    code, _, err = run("score", "--model", bad, iris)
    check("reject " + name, code == 1 and words in err, (code, err))
code, _, err = run("score", "--model", model, digits)
check("reject mismatched data", code == 1 and "does not fit" in err, (code, err))
code, _, err = run("score", "--model", os.path.join(tmp, "missing.json"), iris)
check("missing model", code == 1 and "missing.json" in err, (code, err))

# Usage errors: exit 2.
for args, words in [
        (["fit", iris, "--k", "3", "--threshold", "median:3"], "--threshold"),
        (["fit", iris, "--k", "3", "--threshold", "percentile:120"], "percentile"),
        (["fit", iris, "--k", "3", "--train-on-normal"], "--normal-label"),
        (["fit", iris, "--k", "3", "--normal-label", "daisy"], "daisy"),
        (["score", iris], "--model")]:
    code, _, err = run(*args)
    check("usage " + " ".join(args[2:]), code == 2 and words in err, (code, err))

# The tutorial's digits case: normal 2–9, 8 clusters fitted on normal rows only.
out3 = os.path.join(tmp, "digits")
code, _, err = run("fit", digits, "--label-column", "digit", "--k", "8", "--seed", "0", "--normalize", "none",
                   "--normal-label", "2,3,4,5,6,7,8,9", "--train-on-normal", "--out", out3)
check("digits exit 0", code == 0, err)
d = json.load(open(os.path.join(out3, "summary.json")))
labels = [r["digit"] for r in rows(digits)]
n_normal = sum(1 for x in labels if x not in ("0", "1"))
de = d["evaluation"]
check("digits training rows", d["anomaly"]["training_rows"] == n_normal == 1437, d["anomaly"]["training_rows"])
check("digits positives", de["tp"] + de["fn"] == len(labels) - n_normal == 360)
check("digits negatives", de["fp"] + de["tn"] == n_normal)
# Independently from assignments.csv and the thresholds in the summary.
assign3 = rows(os.path.join(out3, "assignments.csv"))
th = d["anomaly"]["threshold"]["per_cluster"]
fp = sum(1 for r, lab in zip(assign3, labels) if lab not in ("0", "1") and float(r["distance"]) > th[int(r["cluster"])] * (1 + 1e-12))
fn = sum(1 for r, lab in zip(assign3, labels) if lab in ("0", "1") and float(r["distance"]) <= th[int(r["cluster"])] * (1 - 1e-12))
check("digits fp independent", fp == de["fp"], (fp, de["fp"]))
check("digits fn independent", fn == de["fn"], (fn, de["fn"]))
check("digits 99th percentile", de["fp"] <= n_normal // 100 + 8, de["fp"])

shutil.rmtree(tmp)
print(f"{failures} failures")
sys.exit(1 if failures else 0)
