#!/usr/bin/python3
"""CLI test of `lloyd-cli generate`: files it writes load back (through
`lloyd-cli info`), the same seed gives the same bytes, usage errors exit 2.
Usage: test-generate.py LLOYD-CLI"""
import json
import os
import subprocess
import tempfile

from clitest import CliTest

t = CliTest()
check = t.check


def run(*args):
    return subprocess.run([t.cli, *args], capture_output=True, text=True, timeout=120)


with tempfile.TemporaryDirectory() as tmp:
    a, b, c = (os.path.join(tmp, f) for f in ("a.csv", "b.csv", "c.csv"))
    p = run("generate", "blobs", "--n", "500", "--centers", "4", "--dims", "3", "--std", "0.5",
            "--anomalies", "20", "--seed", "9", "-o", a)
    check("blobs exit 0", p.returncode == 0, p.stderr)
    run("generate", "blobs", "--n", "500", "--centers", "4", "--dims", "3", "--std", "0.5",
        "--anomalies", "20", "--seed", "9", "-o", b)
    run("generate", "blobs", "--n", "500", "--centers", "4", "--dims", "3", "--std", "0.5",
        "--anomalies", "20", "--seed", "10", "-o", c)
    check("same seed, same bytes", open(a).read() == open(b).read())
    check("other seed, other data", open(a).read() != open(c).read())
    lines = open(a).read().splitlines()
    check("header", lines[0] == "x0,x1,x2,label", lines[0])
    check("rows", len(lines) == 521, len(lines))
    check("anomaly labels", sum(l.endswith(",anomaly") for l in lines) == 20)
    info = json.loads(run("info", "--json", a).stdout)
    check("loads back", info["rows"] == 520 and info["label_column"] == "label"
          and [x["kind"] for x in info["columns"]] == ["numeric"] * 3 + ["label"], info)

    p = run("generate", "moons", "--n", "300", "--noise", "0.1", "--seed", "1")
    check("moons to stdout", p.returncode == 0 and p.stdout.startswith("x0,x1,label\n")
          and len(p.stdout.splitlines()) == 301, p.stderr)
    p = run("generate", "moons", "--n", "10", "--seed", "1", "-o", os.path.join(tmp, "no", "dir.csv"))
    check("unwritable output: exit 1", p.returncode == 1 and "lloyd-cli:" in p.stderr, p.stderr)

for args in (["generate"], ["generate", "cubes"], ["generate", "blobs", "--n", "0"],
             ["generate", "blobs", "--std", "-1"], ["generate", "blobs", "--n", "x"],
             ["generate", "blobs", "--centers", "900", "--n", "10"]):
    p = run(*args)
    check("usage error: " + " ".join(args), p.returncode == 2 and p.stderr.startswith("lloyd-cli: "), (p.returncode, p.stderr))
p = run("generate", "--help")
check("--help", p.returncode == 0 and "--anomalies" in p.stdout, p.stdout)

t.finish()
