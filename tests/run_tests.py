#!/usr/bin/env python3
"""Run every test suite and end with one line: "N passed, N failed".

Suites: the host unit tests (cmocka binaries in build/unit, read as TAP),
the Python tests of the harness and host tools (tests/test_*.py), and the
integration cases that boot the real Xen in QEMU (tests/integration.py).
Exits non-zero if anything failed.
"""
import argparse
import glob
import os
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "harness"))


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []

    def record(self, suite, name, ok, why=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            self.failures.append("%s: %s%s" % (suite, name, (": " + why) if why else ""))
        print("%s %s: %s%s" % ("PASS" if ok else "FAIL", suite, name,
                               "" if ok or not why else "  -- " + why), flush=True)


def run_unit(build, tally):
    binaries = sorted(glob.glob(os.path.join(build, "unit", "test_*")))
    if not binaries:
        tally.record("unit", "binaries present", False, "no unit tests built in %s/unit" % build)
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
    for binary in binaries:
        suite = "unit/" + os.path.basename(binary)
        p = subprocess.run([binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=120)
        out = p.stdout.decode("utf-8", "replace")
        seen = 0
        for line in out.splitlines():
            if line.startswith("ok ") or line.startswith("not ok "):
                seen += 1
                ok = line.startswith("ok ")
                name = line.split(" - ", 1)[-1].strip()
                tally.record(suite, name, ok)
        if p.returncode != 0 and seen == 0 or (p.returncode != 0 and "not ok" not in out):
            tally.record(suite, "exit status", False,
                         "exited %d; output tail: %s" % (p.returncode, out[-400:]))


class _Result(unittest.TextTestResult):
    pass


def run_python(tally):
    loader = unittest.TestLoader()
    suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    for test in _flatten(suite):
        result = unittest.TestResult()
        test.run(result)
        name = test.id().split(".", 1)[-1]
        problems = result.failures + result.errors
        if isinstance(test, unittest.loader._FailedTest):
            problems = problems or [(test, "import failed")]
        tally.record("python", name, not problems,
                     problems[0][1].strip().splitlines()[-1] if problems else "")


def _flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from _flatten(t)
        else:
            yield t


def run_integration(build, tally):
    import integration
    for name, opts, verdict, pats in integration.cases():
        start = time.monotonic()
        problems, log = integration.run_case(build, name, opts, verdict, pats)
        why = "; ".join(problems) + ("; log: %s" % log if problems else "")
        tally.record("integration", "%s (%.1f s)" % (name, time.monotonic() - start),
                     not problems, why)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--suite", action="append",
                    choices=["unit", "python", "integration"],
                    help="run only these suites (default: all)")
    args = ap.parse_args()
    suites = args.suite or ["unit", "python", "integration"]
    tally = Tally()
    start = time.monotonic()
    if "unit" in suites:
        run_unit(args.build, tally)
    if "python" in suites:
        run_python(tally)
    if "integration" in suites:
        run_integration(args.build, tally)
    if tally.failures:
        print("\nfailures:")
        for f in tally.failures:
            print("  " + f)
    print("(%.0f s)" % (time.monotonic() - start))
    print("%d passed, %d failed" % (tally.passed, tally.failed))
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
