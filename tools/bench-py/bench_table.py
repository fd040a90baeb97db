#!/usr/bin/python3
"""bench_table.py — turns the records tools/bench collected into its table.

Input: a JSON-lines file, one record per process run ({"line", "goal", "bound", "what",
"side": "lloyd"|"other", "result": the JSON that side printed}), and the machine probes'
JSON lines (the best DGEMM rate and bandwidth among them are used). Prints a text table with medians, ratio Lloyd/other, goal, met, and Lloyd's time as
a multiple of the lower bound; with --markdown FILE it also writes the table, the machine
and the checks into FILE between the markers below, keeping the rest of FILE.

Lower bounds (lines 3-8), with P = the measured DGEMM rate and B = the read bandwidth:
  kmeans      I · max(2·n·d·k / P, 8·n·d / B)      I = iterations (1 for init and one step)
  elbow       Σ_k I_k · max(2·n·d·k / P, 8·n·d / B)   I_k from scikit-learn's sweep
  silhouette  max(2·s²·d / P, 8·s·d / B)           s = sample size
  pca         max(2·n·d·2 / P, 8·n·d / B)          2 components
"""

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

BEGIN = "<!-- bench:begin (written by tools/bench --markdown; edits inside are lost) -->"
END = "<!-- bench:end -->"


def load(path):
    lines = {}
    with open(path) as f:
        for raw in f:
            rec = json.loads(raw)
            entry = lines.setdefault(rec["line"], {
                "line": rec["line"], "goal": rec["goal"], "bound": rec["bound"],
                "what": rec["what"], "lloyd": [], "other": [], "facts": {}, "errors": {}})
            res = rec["result"]
            if "error" in res:
                entry["errors"][rec["side"]] = res["error"]
                continue
            entry[rec["side"]] += res["times"]
            entry["facts"][rec["side"]] = res
    return list(lines.values())


def lower_bound(entry, probe):
    f = entry["facts"].get("lloyd")
    if entry["bound"] == "none" or not f:
        return None
    peak = probe["dgemm_gflops"] * 1e9
    bw = probe["read_gbs"] * 1e9
    n, d = f.get("n", 0), f.get("d", 0)

    def one_pass(k):
        return max(2.0 * n * d * k / peak, 8.0 * n * d / bw)
    kind = entry["bound"]
    if kind == "kmeans":
        return f.get("iterations", 1) * one_pass(f["k"])
    if kind == "elbow":
        # Lloyd's sweep does not report its iteration counts; scikit-learn's (same
        # data, same rule, other seeds) stand in for them, else max_iter.
        ks = range(f["k_min"], f["k_max"] + 1)
        its = (f.get("iterations") or entry["facts"].get("other", {}).get("iterations")
               or [f.get("max_iter", 20)] * len(ks))
        return sum(i * one_pass(k) for k, i in zip(ks, its))
    if kind == "silhouette":
        return max(2.0 * n * n * d / peak, 8.0 * n * d / bw)
    if kind == "pca":
        return one_pass(2)
    raise ValueError(f"unknown bound {kind}")


def checks(entry):
    """Facts worth printing under the table: equal inertias, memory."""
    a, b = entry["facts"].get("lloyd", {}), entry["facts"].get("other", {})
    out = []
    if "inertia" in a and "inertia" in b:
        rel = abs(a["inertia"] - b["inertia"]) / max(abs(b["inertia"]), 1e-300)
        head = (f"line {entry['line']}: final inertia Lloyd {a['inertia']:.10g} "
                f"({a.get('iterations')} iterations), other {b['inertia']:.10g} "
                f"({b.get('iterations')} iterations)")
        if "stop" in a:
            # Both sides started from the same centroids: the results must agree.
            same = "same" if rel <= 1e-6 else "DIFFERENT"
            out.append(f"{head}, from the same initial centroids: {same} "
                       f"(relative difference {rel:.1e})")
        else:
            out.append(f"{head}, each from its own k-means++ draw "
                       f"(relative difference {rel:.1e})")
    if entry["line"] == "10" and a and b:
        mb = a.get("matrix_bytes", 0)
        ratio = a["max_rss_kb"] * 1024 / mb if mb else float("nan")
        met = "met" if ratio <= 1.5 else "MISSED"
        out.append(f"line 10: peak RSS Lloyd {a['max_rss_kb'] / 1048576:.2f} GiB, other "
                   f"{b['max_rss_kb'] / 1048576:.2f} GiB; Lloyd RSS / data matrix "
                   f"({mb / 2**30:.2f} GiB) = {ratio:.2f} (goal ≤ 1.5: {met})")
    if "silhouette" in a and "silhouette" in b:
        out.append(f"line {entry['line']}: silhouette Lloyd {a['silhouette']:.4f}, other "
                   f"{b['silhouette']:.4f} (different random samples)")
    for side, msg in entry["errors"].items():
        out.append(f"line {entry['line']}: {side} failed: {msg}")
    return out


def rows(entries, probe):
    out = []
    for e in entries:
        lm = statistics.median(e["lloyd"]) if e["lloyd"] else None
        om = statistics.median(e["other"]) if e["other"] else None
        ratio = lm / om if lm is not None and om else None
        bound = lower_bound(e, probe)
        out.append({
            "line": e["line"], "what": e["what"],
            "lloyd": f"{lm:.3f}" if lm is not None else "—",
            "other": f"{om:.3f}" if om is not None else "—",
            "ratio": f"{ratio:.3f}" if ratio is not None else "—",
            "goal": f"≤ {e['goal']}",
            "met": "—" if ratio is None else ("yes" if ratio <= e["goal"] else "NO"),
            "bound": f"{lm / bound:.1f}×" if bound and lm is not None else "",
            "n": f"{len(e['lloyd'])}/{len(e['other'])}",
        })
    return out


COLUMNS = [("line", "line"), ("what", "what"), ("lloyd", "Lloyd s"), ("other", "other s"),
           ("ratio", "ratio"), ("goal", "goal"), ("met", "met"), ("bound", "× bound"),
           ("n", "samples")]


def text_table(table):
    widths = {k: max(len(h), *(len(r[k]) for r in table)) for k, h in COLUMNS}
    lines = ["  ".join(h.ljust(widths[k]) for k, h in COLUMNS)]
    for r in table:
        lines.append("  ".join(r[k].ljust(widths[k]) for k, _ in COLUMNS))
    return "\n".join(lines)


def markdown_table(table):
    lines = ["| " + " | ".join(h for _, h in COLUMNS) + " |",
             "|" + "|".join(" --- " for _ in COLUMNS) + "|"]
    for r in table:
        lines.append("| " + " | ".join(r[k] for k, _ in COLUMNS) + " |")
    return "\n".join(lines)


def machine(probe):
    model = "?"
    try:
        for ln in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if ln.startswith("Model name:"):
                model = ln.split(":", 1)[1].strip()
    except OSError:
        pass
    mem = "?"
    with open("/proc/meminfo") as f:
        m = re.search(r"MemTotal:\s+(\d+) kB", f.read())
        if m:
            mem = f"{int(m.group(1)) / 2**20:.1f} GiB"
    versions = []
    for mod in ("numpy", "pandas", "sklearn", "matplotlib"):
        try:
            versions.append(f"{mod} {__import__(mod).__version__}")
        except ImportError:
            pass
    return (f"{model}, {os.cpu_count()} cores, {mem} RAM, {platform.system()} "
            f"{platform.release()}; {probe.get('openblas', 'OpenBLAS ?')} "
            f"(core {probe.get('openblas_core', '?')}); Python {platform.python_version()}, "
            + ", ".join(versions))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("results")
    p.add_argument("probe")
    p.add_argument("--markdown")
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()

    # One JSON line per probe; the machine can do at least the best of them.
    with open(args.probe) as f:
        probes = [json.loads(line) for line in f if line.strip()]
    probe = dict(probes[-1])
    for key in ("dgemm_gflops", "read_gbs"):
        probe[key] = max(p[key] for p in probes)
    entries = load(args.results)
    table = rows(entries, probe)
    notes = [c for e in entries for c in checks(e)]
    head = (f"Machine: {machine(probe)}\n"
            f"Measured: DGEMM {probe['dgemm_gflops']:.1f} GFLOP/s, read bandwidth "
            f"{probe['read_gbs']:.1f} GB/s ({probe['threads']} threads)")
    print(head)
    print(text_table(table))
    for n in notes:
        print(n)

    if args.markdown:
        when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        kind = "quick run (`tools/bench --quick`)" if args.quick else "full run (`tools/bench`)"
        block = "\n".join([
            BEGIN, "",
            f"Latest {kind}, {when}.", "",
            f"- Machine: {machine(probe)}",
            f"- Measured: DGEMM {probe['dgemm_gflops']:.1f} GFLOP/s, read bandwidth "
            f"{probe['read_gbs']:.1f} GB/s ({probe['threads']} threads)", "",
            "Times are medians in seconds; ratio = Lloyd / other; × bound = Lloyd's time over "
            "the machine's lower bound; samples = timed runs Lloyd/other.", "",
            markdown_table(table), ""] + [f"- {n}" for n in notes] + ["", END])
        old = open(args.markdown).read() if os.path.exists(args.markdown) else ""
        if BEGIN in old and END in old:
            new = old[:old.index(BEGIN)] + block + old[old.index(END) + len(END):]
        else:
            new = old + ("\n" if old else "") + block + "\n"
        with open(args.markdown, "w") as f:
            f.write(new)


if __name__ == "__main__":
    sys.exit(main())
