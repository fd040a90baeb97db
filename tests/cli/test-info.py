#!/usr/bin/python3
"""CLI test of `lloyd-cli info`: runs the real binary on real files and checks its
JSON against ../shared/reference, its exit statuses and its messages.
Usage: test-info.py LLOYD-CLI (LLOYD_SHARED and LLOYD_SRCDIR come from meson)."""
import json
import os
import tempfile

from clitest import CliTest

t = CliTest()
shared = os.environ["LLOYD_SHARED"]
check = t.check


def run(*args):
    return t.run("info", *args)


# iris: kinds, label, exact key set
code, out, err = run("--json", os.path.join(shared, "data", "iris.csv"))
check("iris exit 0", code == 0, err)
info = json.loads(out)
check("iris keys", set(info) == {"path", "format", "rows", "columns", "label_column", "one_hot_dimension"}, info.keys())
check("iris rows", info["rows"] == 150)
check("iris format", info["format"] == "csv")
check("iris label", info["label_column"] == "species")
check("iris kinds", [c["kind"] for c in info["columns"]] == ["numeric"] * 4 + ["label"])
check("iris distinct", info["columns"][4]["distinct"] == 3 and "mean" not in info["columns"][4])
check("iris numeric keys", set(info["columns"][0]) == {"name", "kind", "mean", "std"})
check("iris mean", abs(info["columns"][0]["mean"] - 876.5 / 150) < 1e-12)
check("iris one-hot", info["one_hot_dimension"] == 4)

# KDD 10%: the reference summary
ref = json.load(open(os.path.join(shared, "reference", "kdd10_summary.json")))
code, out, err = run("--json", os.path.join(shared, "data", "kddcup.data_10_percent.gz"))
check("kdd exit 0", code == 0, err)
info = json.loads(out)
check("kdd format", info["format"] == "kdd99")
check("kdd rows", info["rows"] == ref["rows"])
check("kdd one-hot", info["one_hot_dimension"] == ref["one_hot_dimension"])
check("kdd label", info["label_column"] == "label")
numeric = [c for c in info["columns"] if c["kind"] == "numeric"]
check("kdd numeric columns", len(numeric) == ref["numeric_columns"])
for c, m, s in zip(numeric, ref["numeric_means"], ref["numeric_std_ddof0"]):
    if abs(c["mean"] - m) > 1e-9 * abs(m) or abs(c["std"] - s) > 1e-9 * abs(s):
        check("kdd stats " + c["name"], False, (c["mean"], m, c["std"], s))
        break
else:
    check("kdd stats to 1e-9", True)
cats = {c["name"]: c["distinct"] for c in info["columns"] if c["kind"] == "categorical"}
check("kdd categorical", cats == ref["categorical_distinct"], cats)

# options: label by index and none, header, delimiter
code, out, err = run("--json", "--label-column", "none", os.path.join(shared, "data", "iris.csv"))
info = json.loads(out)
check("label none", code == 0 and info["label_column"] is None and info["columns"][4]["kind"] == "categorical" and info["one_hot_dimension"] == 7)
code, out, err = run("--json", "--label-column", "0", os.path.join(shared, "data", "iris.csv"))
check("label index", code == 0 and json.loads(out)["label_column"] == "sepal_length")
code, out, err = run("--json", "--header", "no", os.path.join(shared, "data", "iris.csv"))
info = json.loads(out)
check("header no", code == 0 and info["rows"] == 151 and info["columns"][0]["name"] == "column_1")

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "semi.csv")
    open(path, "w").write("a;b\n1;2\n3;?\n5;6\n")
    code, out, err = run("--json", "--delimiter", ";", path)
    check("missing value: exit 1", code == 1, (code, err))
    check("missing value: message", err.startswith("lloyd-cli: semi.csv:3:3: missing value"), err)
    code, out, err = run("--json", "--drop-missing", path)
    check("drop missing", code == 0 and json.loads(out)["rows"] == 2, (code, err))
    ragged = os.path.join(tmp, "ragged.csv")
    open(ragged, "w").write("a,b,c\n1,2,3\n4,5\n")
    code, out, err = run(ragged)
    check("ragged: exit 1 and position", code == 1 and "ragged.csv:3:4: expected 3 fields, found 2" in err, err)

code, out, err = run(os.path.join(shared, "data", "iris.csv"))
check("human summary", code == 0 and "150 rows, 5 columns" in out and "Label column: species" in out, out)

# usage errors and --help
code, out, err = run()
check("no file: exit 2", code == 2, code)
code, out, err = run("--header", "maybe", os.path.join(shared, "data", "iris.csv"))
check("bad --header: exit 2", code == 2 and "--header" in err, err)
code, out, err = run("--label-column", "nope", os.path.join(shared, "data", "iris.csv"))
check("unknown label column: exit 2", code == 2 and "nope" in err, err)
code, out, err = run("--bogus")
check("unknown option: exit 2", code == 2, code)
code, out, err = run("--help")
check("--help: exit 0", code == 0 and "--label-column" in out and "--json" in out, out)
code, out, err = run("/nonexistent/x.csv")
check("missing file: exit 1", code == 1 and "x.csv: cannot open" in err, err)

t.finish()
