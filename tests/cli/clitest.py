"""What the CLI test scripts share: running lloyd-cli and counting checks.

    from clitest import CliTest
    t = CliTest()                         # lloyd-cli from argv[1]; $LLOYD_SHARED
    code, out, err = t.run("info", "--json", t.shared("data", "iris.csv"))
    t.check("iris exit 0", code == 0, err)
    t.finish()                            # prints the count, exits 1 on a failure
"""
import os
import subprocess
import sys


class CliTest:
    def __init__(self):
        self.cli = sys.argv[1]
        self.failures = 0

    @staticmethod
    def shared(*parts):
        return os.path.join(os.environ["LLOYD_SHARED"], *parts)

    def run(self, *args, timeout=300):
        p = subprocess.run([self.cli, *args], capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr

    def check(self, name, condition, detail=""):
        print(("ok " if condition else "FAIL ") + name + ("" if condition else f": {detail}"))
        if not condition:
            self.failures += 1

    def finish(self):
        print(f"{self.failures} failures")
        sys.exit(1 if self.failures else 0)
