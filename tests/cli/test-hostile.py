#!/usr/bin/python3
"""CLI test: `lloyd-cli info` and `lloyd-cli fit --k 2` on every hostile file.

The corpus is tests/data/bad (outcomes in its EXPECTED table) plus files too big or
too odd to commit, made here: a directory, a FIFO, a missing file, a symlink loop, a
10 MB line, 100,000 columns, 1,000,000 distinct values, a file that grows while it is
read, a file name that is not UTF-8, hostile numbers on the command line, and
/dev/zero and /dev/urandom (under a memory cap).

For each: never a signal; exit status 1 with "lloyd-cli: " and the expected detail
(file:line:column) on stderr, or 0 where EXPECTED documents a recovery (fit may then
still refuse the data, with status 1 and a message, e.g. k = 2 > 1 row); stderr is
valid UTF-8. Under the ASan build a leak makes the status non-1, so this also proves
the error paths free what they allocate.
Usage: test-hostile.py LLOYD-CLI (LLOYD_SRCDIR comes from meson)."""
import os
import resource
import stat
import subprocess
import sys
import tempfile
import threading
import time

cli = sys.argv[1]
srcdir = os.environ.get("LLOYD_SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
bad = os.path.join(srcdir, "tests", "data", "bad")
failures = 0
asan = b"asan" in subprocess.run(["ldd", cli], capture_output=True).stdout


def check(name, condition, detail=""):
    global failures
    print(("ok " if condition else "FAIL ") + name + ("" if condition else f": {detail}"))
    if not condition:
        failures += 1


def run(*args, limit_bytes=None, timeout=300):
    """lloyd-cli ARGS → (status, stderr as text); a signal is a negative status."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    try:
        p = subprocess.run([cli, *args], capture_output=True, timeout=timeout,
                           preexec_fn=cap if limit_bytes else None)
    except subprocess.TimeoutExpired:
        return None, "timed out"
    try:
        err = p.stderr.decode("utf-8")
    except UnicodeDecodeError:
        err = None
    return p.returncode, err


def expect_error(name, path, detail, commands=("info", "fit")):
    """Both commands fail with status 1 and name the problem."""
    for command in commands:
        args = [command, path] + (["--k", "2"] if command == "fit" else [])
        code, err = run(*args)
        check(f"{command} {name}: status 1", code == 1, (code, err))
        check(f"{command} {name}: message", err is not None and err.startswith("lloyd-cli: ")
              and detail in err, (detail, err))


def expect_recovery(name, path, info_args=()):
    """info loads it; fit either clusters it or refuses the data with a message."""
    code, err = run("info", *info_args, path)
    check(f"info {name}: status 0", code == 0, (code, err))
    code, err = run("fit", *info_args, "--k", "2", path)
    check(f"fit {name}: status 0 or 1", code in (0, 1), (code, err))
    if code == 1:
        check(f"fit {name}: message", err is not None and err.startswith("lloyd-cli: ") and
              len(err.strip().splitlines()) >= 1, err)
        print(f"# fit {name}: {err.strip()}")
    check(f"{name}: stderr is UTF-8", err is not None, "undecodable stderr")


# 1. The committed corpus, as EXPECTED documents it.
n_corpus = 0
with open(os.path.join(bad, "EXPECTED"), encoding="utf-8") as table:
    for line in table:
        if line.startswith("#") or not line.strip():
            continue
        file, outcome, detail = line.rstrip("\n").split("\t", 2)
        path = os.path.join(bad, file)
        n_corpus += 1
        if outcome == "ok":
            expect_recovery(file, path)
        else:
            expect_error(file, path, detail)
check("corpus has at least 40 files", n_corpus >= 40, n_corpus)

# 2. Made here.
with tempfile.TemporaryDirectory() as tmp:
    expect_error("a directory", tmp, os.path.basename(tmp) + ": is a directory")
    expect_error("a missing file", os.path.join(tmp, "missing.csv"), "missing.csv: cannot open")
    loop = os.path.join(tmp, "loop.csv")
    os.symlink(loop, loop)
    expect_error("a symlink loop", loop, "loop.csv: cannot open")

    # A FIFO is read to its end, like `lloyd-cli info <(zcat …)`.
    fifo = os.path.join(tmp, "pipe.csv")
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "w") as f:
            f.write("a,b\n1,2\n3,4\n5,7\n")
    for command in ("info", "fit"):
        writer = threading.Thread(target=feed)
        writer.start()
        code, err = run(command, fifo, *(["--k", "2"] if command == "fit" else []), timeout=60)
        writer.join(timeout=10)
        check(f"{command} a FIFO: status 0", code == 0, (code, err))

    if os.geteuid() != 0:
        unreadable = os.path.join(tmp, "secret.csv")
        with open(unreadable, "w") as f:
            f.write("a,b\n1,2\n")
        os.chmod(unreadable, 0)
        expect_error("an unreadable file", unreadable, "secret.csv: cannot open")
    else:
        print("ok an unreadable file # SKIP root reads everything")

    # A name that is not UTF-8: the message must still be printable text.
    latin1 = os.path.join(tmp.encode(), b"caf\xe9.csv")
    with open(latin1, "wb") as f:
        f.write(b"a,b\n1,2\n3\n")
    for command in ("info", "fit"):
        code, err = run(command.encode(), latin1)
        check(f"{command} a Latin-1 file name: status 1", code == 1, (code, err))
        check(f"{command} a Latin-1 file name: UTF-8 message", err is not None and ":3:" in err, err)

    # 10 MB in one field of one row: loads; fit has 1 row for k = 2.
    long_line = os.path.join(tmp, "long-line.csv")
    with open(long_line, "w") as f:
        f.write("n,text\n1," + "x" * (10 << 20) + "\n")
    expect_recovery("a 10 MB line", long_line)

    # 100,000 columns, 3 rows.
    wide = os.path.join(tmp, "wide.csv")
    with open(wide, "w") as f:
        f.write(",".join(f"c{j}" for j in range(100000)) + "\n")
        for i in range(3):
            f.write(",".join(str((i * 7 + j) % 13) for j in range(100000)) + "\n")
    expect_recovery("100,000 columns", wide)

    # 1,000,000 distinct categorical values: info counts them; fit one-hot encodes
    # them into 10^6 features × 10^6 rows (8 TB) and must say it cannot.
    levels = os.path.join(tmp, "levels.csv")
    with open(levels, "w") as f:
        f.write("id,x\n")
        f.writelines(f"v{i},{i % 10}\n" for i in range(1000000))
    code, err = run("info", "--label-column", "none", levels)
    check("info 1,000,000 levels: status 0", code == 0, (code, err))
    code, err = run("fit", "--label-column", "none", "--k", "2", levels)
    check("fit 1,000,000 levels: status 1", code == 1, (code, err))
    check("fit 1,000,000 levels: says memory", err is not None and "memory" in err.lower(), err)
    print(f"# fit 1,000,000 levels: {err.strip() if err else err}")

    # A file that grows while it is read: the whole of a snapshot, or an error
    # saying so, never a torn table.
    growing = os.path.join(tmp, "growing.csv")
    with open(growing, "w") as f:
        f.write("a,b\n" + "1,2\n" * 2000000)
    stop = threading.Event()

    def grow():
        with open(growing, "a") as f:
            while not stop.is_set():
                f.write("3,4\n" * 1000)
                f.flush()
                time.sleep(0.001)
    writer = threading.Thread(target=grow)
    writer.start()
    try:
        code, err = run("info", growing, timeout=120)
    finally:
        stop.set()
        writer.join()
    check("info a growing file: status 0 or 1", code in (0, 1), (code, err))
    if code == 1:
        check("info a growing file: says so", "changed while it was being read" in err, err)

# 3. Hostile numbers on the command line: a clear refusal (1: the data cannot do
# it; 2: the command line is wrong), never an abort on a huge allocation.
iris = os.path.join(srcdir, "data", "datasets", "iris.csv")
for args, status in [(["elbow", iris, "--k", "1:4000000000"], 1),
                     (["fit", iris, "--k", "2000000000"], 1),
                     (["fit", iris, "--k", "-3"], 2),
                     (["fit", iris, "--init", "rows:0,1,99999"], 1),
                     (["fit", iris, "--init", "rows:0,0,1"], 1),
                     (["fit", iris, "--k", "3", "--max-iter", "0"], 2),
                     (["fit", iris, "--k", "3", "--columns", ""], 2)]:
    code, err = run(*args, timeout=60)
    check(" ".join(args[:1] + args[2:]) + f": status {status}", code == status, (code, err))

# 4. Devices that never end: the read stops at the first NUL (text has none) and
# the parser says where. Run under a 1 GB address-space cap so that a regression
# fails instead of eating the machine's memory (ASan cannot run under such a cap).
if asan:
    print("ok /dev/zero # SKIP under AddressSanitizer")
else:
    code, err = run("info", "/dev/zero", limit_bytes=1 << 30, timeout=120)
    check("info /dev/zero: status 1", code == 1, (code, err))
    check("info /dev/zero: message", err is not None and
          err.startswith("lloyd-cli: zero:1:1: a NUL byte"), err)
    code, err = run("fit", "--k", "2", "/dev/urandom", limit_bytes=1 << 30, timeout=120)
    check("fit /dev/urandom: status 1", code == 1, (code, err))

print(f"{failures} failures")
sys.exit(1 if failures else 0)
