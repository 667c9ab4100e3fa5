#!/usr/bin/env python3
"""Benchmarks of the VMI ROM and the wedge (`make bench`; tests/bench/README.md).

Boots each build of the conformance guest with `bench` on its command line
under QEMU -icount shift=0 (virtual time = executed instructions, 1 ns each),
reads the guest's `bench:` lines and the wedge's counter snapshots, and
prints a table per build.  Writes build/bench.txt and build/bench.json.
Builds nothing: make does that first.

Per row:
  instructions  guest-visible cost of one operation through the ROM/wedge
                path: TSC cycles of the loop minus its empty twin, * 1e9 /
                GetCycleFrequency, / operations.  Counts every instruction
                executed meanwhile (guest, ROM, wedge and Xen).
  native        the same guest code done natively, measured in the same run
                (or, marked *, the native instruction count where there is
                no native form at ring 1)
  hyp/op        hypercalls per operation (every hypercall_* counter but
                console_io, which the snapshots themselves cause)
  traps/op      trap_* counters (vectors that reached the wedge) per operation
  upc/op        event_upcall per operation
from the counter differences across the row's snapshot pair minus those
across its empty twin's pair, divided by the operations between them.
"""
import argparse
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
import guestpack  # noqa: E402
import xenrun  # noqa: E402

VARIANTS = ("pae", "nopae")

# What the issue asks of each row: (column, limit, text).
TARGETS = {
    "irq-disable": [("instructions", 8, "<= 8 instructions"), ("hypercalls", 0, "0 hypercalls")],
    "irq-enable": [("instructions", 8, "<= 8 instructions"), ("hypercalls", 0, "0 hypercalls")],
    "get-mask": [("instructions", 8, "<= 8 instructions"), ("hypercalls", 0, "0 hypercalls")],
    "set-mask-off": [("instructions", 8, "<= 8 instructions"), ("hypercalls", 0, "0 hypercalls")],
    # Issue 5 sets the 8-instruction target for Enable/DisableInterrupts; an
    # enabling SetInterruptMask also checks for Linux's restore after
    # VMI_Init, so only its hypercalls have a target.
    "set-mask-on": [("hypercalls", 0, "0 hypercalls")],
    "iret-user-roundtrip": [("traps", 0, "0 traps"), ("upcalls", 0, "0 upcalls")],
    "pxe-batch": [("hypercalls", 1 / 32, "<= 1/32 hypercalls")],
}

# What each row does (for the report).
DESCRIPTIONS = {
    "calibration-nop10": "10 x nop per op: checks cycles -> instructions",
    "irq-disable": "call DisableInterrupts (CALL_REL target)",
    "irq-enable": "call EnableInterrupts (nothing pending)",
    "native-pushf-popf": "reference: native pushfl; popfl at ring 1",
    "get-mask": "call GetInterruptMask; native pushfl; popl %eax",
    "set-mask-off": "call SetInterruptMask(0); native pushl %eax; popfl",
    "set-mask-on": "call SetInterruptMask(IF); native pushl %eax; popfl",
    "irq-save-restore": "Get + Disable + Set(flags), interrupts on (local_irq_save/restore)",
    "irq-disable-trapped": "unpatched cli at ring 1: trap, wedge emulates",
    "irq-enable-trapped": "unpatched sti at ring 1: trap, wedge emulates",
    "iret-user-roundtrip": "ring 3 int $0x80 (DPL-3 trap gate) + ROM IRET back; native iret",
    "pf-skip": "#PF on an unmapped page, handler skips the load, ROM IRET; native iret",
    "pf-map-unmap": "#PF, handler maps with SetPxE(Long), retry; unmap + InvalPage",
    "invalpage": "InvalPage of a mapped page",
    "pxe-single": "SetPxE(Long) outside a batch; native: the entry store",
    "pxe-batch": "SetPxE(Long) in SetLazyMode(1)..(0), 256 per batch; native store",
    "pxe-batch-no-ad": "pxe-batch with A/D clear in the entries (eager A/D by the wedge)",
    "cr3-switch": "SetCR3 between two shadowed roots",
    "cr3-switch-trapped": "unpatched mov to %cr3 at ring 1: trap, wedge emulates",
}

SNAP_RE = re.compile(r"^counters: snapshot (\d+)$")
BANNER_RE = re.compile(r"^vmiwedge (\S+): ")
COUNTER_RE = re.compile(r"^counter (\S+) (\d+) (\d+)$")


class BenchError(Exception):
    pass


def parse_kv(text):
    out = {}
    for item in text.split():
        if "=" in item:
            k, v = item.split("=", 1)
            out[k] = v
    return out


def parse_log(lines):
    """-> (setup dict, [row dict], {tag: {counter: count}})"""
    snaps, rows, setup = {}, [], None
    current = None
    version = None
    for line in lines:
        line = line.rstrip("\r")
        m = BANNER_RE.match(line)
        if m and version is None:
            version = m.group(1)
        m = SNAP_RE.match(line)
        if m:
            current = snaps.setdefault(int(m.group(1)), {})
            continue
        if current is not None:
            if line.startswith("counters: end"):
                current = None
                continue
            m = COUNTER_RE.match(line)
            if m:
                current[m.group(1)] = int(m.group(2))
            continue
        if line.startswith("bench: setup "):
            setup = parse_kv(line[len("bench: setup "):])
        elif line.startswith("bench: ") and "=" in line:
            name, _, rest = line[len("bench: "):].partition(" ")
            row = parse_kv(rest)
            row["name"] = name
            rows.append(row)
    if setup is not None:
        setup["wedge_version"] = version
    return setup, rows, snaps


def diff(snaps, pair):
    a, b = (int(x) for x in pair.split(","))
    if a not in snaps or b not in snaps:
        raise BenchError("snapshot %d or %d missing from the log" % (a, b))
    names = set(snaps[a]) | set(snaps[b])
    return {n: snaps[b].get(n, 0) - snaps[a].get(n, 0) for n in names}


def per_op_counters(snaps, pair, base, ops):
    d, z = diff(snaps, pair), diff(snaps, base)
    names = set(d) | set(z)
    out = {}
    for n in sorted(names):
        v = d.get(n, 0) - z.get(n, 0)
        if v:
            out[n] = v / ops
    return out


def summarize_counters(c):
    hyp = sum(v for n, v in c.items()
              if n.startswith("hypercall_") and n != "hypercall_console_io")
    traps = sum(v for n, v in c.items()
                if n.startswith("trap_") or n == "failsafe_callback")
    return hyp, traps, c.get("event_upcall", 0.0)


def analyse(setup, rows, snaps):
    if not setup or "freq_hz" not in setup:
        raise BenchError("no 'bench: setup freq_hz=...' line")
    freq = int(setup["freq_hz"])
    scale = 1e9 / freq  # instructions per TSC cycle under -icount shift=0
    out = []
    for r in rows:
        ops, reps = int(r["ops"]), int(r["reps"])
        res = {"name": r["name"], "ops": ops, "reps": reps, "n": int(r["n"]),
               "description": DESCRIPTIONS.get(r["name"], "")}
        if "cycles" in r:
            res["cycles"] = int(r["cycles"])
            res["cycles_max"] = int(r["max"])
            res["empty"] = int(r["empty"])
            res["instructions"] = (res["cycles"] - res["empty"]) * scale / ops
            res["spread"] = (res["cycles_max"] - res["cycles"]) * scale / ops
            res["guest_instructions"] = float(r["instructions"])
            c = per_op_counters(snaps, r["snap"], r["base"], ops * reps)
            res["counters_per_op"] = c
            res["hypercalls"], res["traps"], res["upcalls"] = summarize_counters(c)
        if "ncycles" in r:
            nempty = int(r["nempty"])
            res["native"] = (int(r["ncycles"]) - nempty) * scale / ops
            res["native_spread"] = (int(r["nmax"]) - int(r["ncycles"])) * scale / ops
            res["native_kind"] = "measured"
            c = per_op_counters(snaps, r["nsnap"], r["base"], ops * reps)
            res["native_counters_per_op"] = c
            (res["native_hypercalls"], res["native_traps"],
             res["native_upcalls"]) = summarize_counters(c)
        elif "native" in r:
            res["native"] = float(r["native"])
            res["native_kind"] = "const"
        checks = []
        for col, limit, text in TARGETS.get(r["name"], []):
            if col in res:
                # The TSC runs at 999,999,000 Hz under -icount, so a count
                # converts with a 1 ppm excess: allow a hundredth.
                checks.append((text, res[col] <= limit + 0.01))
        res["targets"] = [{"target": t, "met": ok} for t, ok in checks]
        out.append(res)
    cal = next((x for x in out if x["name"] == "calibration-nop10"), None)
    calibration = None
    if cal:
        calibration = {"instructions": cal["instructions"], "expected": 10.0,
                       "holds": abs(cal["instructions"] - 10.0) <= 0.05}
        # If cycles do not follow instructions, give every row relative to
        # the calibration as well (10 nops = 10 instructions).
        if not calibration["holds"] and cal["instructions"] > 0:
            for x in out:
                for k in ("instructions", "native"):
                    if k in x and not (k == "native" and x["native_kind"] == "const"):
                        x[k + "_by_calibration"] = x[k] * 10.0 / cal["instructions"]
    return {"freq_hz": freq, "wedge_version": setup.get("wedge_version"),
            "calibration": calibration, "rows": out}


def fmt(v, digits=2):
    if v is None:
        return "-"
    if abs(v - round(v)) < 0.005 and digits:
        return "%d" % round(v)
    return "%.*f" % (digits, v)


def fmt_count(v):
    if v is None:
        return "-"
    if v == 0:
        return "0"
    if abs(v - round(v)) < 1e-6:
        return "%d" % round(v)
    frac = ""
    if v > 0 and abs(1 / v - round(1 / v)) < 1e-6:
        frac = " (1/%d)" % round(1 / v)
    return "%.4f%s" % (v, frac)


def table(variant, result):
    cal = result["calibration"]
    lines = ["%s build (wedge %s%s): TSC %d Hz; calibration 10 x nop = %s instructions (%s)" % (
        variant, result.get("wedge_version") or "?",
        ", sha256 %s" % result["wedge_sha256"][:12] if result.get("wedge_sha256") else "",
        result["freq_hz"], fmt(cal["instructions"]) if cal else "-",
        "conversion holds" if cal and cal["holds"] else "CONVERSION DOES NOT HOLD")]
    head = ("row", "instructions", "native", "ratio", "hyp/op", "traps/op", "upc/op",
            "targets")
    body = []
    for r in result["rows"]:
        ins = r.get("instructions")
        nat = r.get("native")
        nat_s = "-" if nat is None else fmt(nat) + ("*" if r["native_kind"] == "const" else "")
        ratio = "-" if ins is None or not nat else "%.1fx" % (ins / nat)
        targets = ", ".join("%s %s" % (t["target"], "ok" if t["met"] else "MISSED")
                            for t in r["targets"])
        if ins is None:  # a native reference row
            hyp, traps, upc = (r.get("native_hypercalls"), r.get("native_traps"),
                               r.get("native_upcalls"))
        else:
            hyp, traps, upc = r["hypercalls"], r["traps"], r["upcalls"]
        body.append((r["name"], fmt(ins), nat_s, ratio, fmt_count(hyp), fmt_count(traps),
                     fmt_count(upc), targets))
    widths = [max(len(str(x[i])) for x in [head] + body) for i in range(len(head))]
    for row in [head] + body:
        lines.append("  ".join(str(c).ljust(w) if i in (0, 7) else str(c).rjust(w)
                               for i, (c, w) in enumerate(zip(row, widths))).rstrip())
    lines.append("  (* native instruction count: no native form at ring 1)")
    return lines


def details(variant, result):
    lines = ["%s build, counters per operation (row minus its empty twin):" % variant]
    for r in result["rows"]:
        c = r.get("counters_per_op") or r.get("native_counters_per_op") or {}
        shown = ["%s %s" % (n, fmt_count(v)) for n, v in sorted(c.items())
                 if abs(v) >= 0.0005 and n != "hypercall_console_io"]
        extra = ""
        if "native_counters_per_op" in r and "counters_per_op" in r:
            nc = r["native_counters_per_op"]
            nshown = ["%s %s" % (n, fmt_count(v)) for n, v in sorted(nc.items())
                      if abs(v) >= 0.0005 and n != "hypercall_console_io"]
            extra = "; native: " + (", ".join(nshown) or "none")
        lines.append("  %s: %s%s" % (r["name"], ", ".join(shown) or "none", extra))
        if r.get("spread"):
            lines.append("    (slowest of %d runs: +%s instructions per op)" % (
                r["reps"], fmt(r["spread"])))
    return lines


def compare(old, new):
    """Rows whose figures differ between two bench.json results."""
    lines = []
    for variant in VARIANTS:
        o = {r["name"]: r for r in old.get(variant, {}).get("rows", [])}
        for r in new.get(variant, {}).get("rows", []):
            p = o.get(r["name"])
            if not p:
                continue
            for k in ("instructions", "native", "hypercalls", "traps", "upcalls"):
                a, b = p.get(k), r.get(k)
                if a is not None and b is not None and abs(a - b) > 1e-9:
                    lines.append("  %s %s %s: %s -> %s" % (variant, r["name"], k,
                                                           fmt(a, 3), fmt(b, 3)))
    return lines


def run_variant(args, variant):
    guest = os.path.join(args.build, "guest", "guest-%s.elf" % variant)
    if not os.path.isfile(guest):
        raise BenchError("missing %s (run make first)" % guest)
    os.makedirs(os.path.join(args.build, "bench"), exist_ok=True)
    module = os.path.join(args.build, "bench", "guest-%s.cpio" % variant)
    guestpack.pack(module, guest, None, "bench")
    log = os.path.join(args.build, "bench", "bench-%s.log" % variant)
    print("bench: running the %s guest under -icount (log %s)" % (variant, log), flush=True)
    with open(args.wedge, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    r = xenrun.run(args.xen, args.wedge, module=module, mem=args.mem, timeout=args.timeout,
                   log_path=log, icount=True)
    if r.verdict != "pass":
        raise BenchError("%s run ended '%s' (%s); log in %s" % (variant, r.verdict, r.detail,
                                                               log))
    setup, rows, snaps = parse_log(r.lines)
    if not rows:
        raise BenchError("%s run printed no bench lines; log in %s" % (variant, log))
    res = analyse(setup, rows, snaps)
    res["wedge_sha256"] = sha
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--xen")
    ap.add_argument("--wedge")
    ap.add_argument("--mem", default="256M")
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--out", help="text report (default BUILD/bench.txt)")
    ap.add_argument("--json", help="JSON results (default BUILD/bench.json)")
    ap.add_argument("--compare", metavar="OLD_JSON",
                    help="also list every figure that differs from an earlier bench.json")
    ap.add_argument("--from-log", nargs=2, metavar=("VARIANT", "LOG"), action="append",
                    help="analyse an existing log instead of running (repeatable)")
    args = ap.parse_args()
    args.xen = args.xen or os.path.join(args.build, "xen", "xen")
    args.wedge = args.wedge or os.path.join(args.build, "vmiwedge.elf")
    out_txt = args.out or os.path.join(args.build, "bench.txt")
    out_json = args.json or os.path.join(args.build, "bench.json")

    results = {}
    try:
        if args.from_log:
            for variant, log in args.from_log:
                with open(log) as f:
                    results[variant] = analyse(*parse_log(f.read().splitlines()))
        else:
            for variant in args.variants.split(","):
                results[variant] = run_variant(args, variant)
    except BenchError as e:
        print("bench: %s" % e, file=sys.stderr)
        return 1

    report = []
    for variant, res in results.items():
        report += table(variant, res) + [""]
    for variant, res in results.items():
        report += details(variant, res) + [""]
    missed = ["%s %s: %s" % (v, r["name"], t["target"]) for v, res in results.items()
              for r in res["rows"] for t in r["targets"] if not t["met"]]
    report.append("targets missed: " + ("none" if not missed else "; ".join(missed)))
    if args.compare:
        with open(args.compare) as f:
            changed = compare(json.load(f), results)
        report.append("compared with %s: %s" % (
            args.compare, "identical" if not changed else "%d figures differ" % len(changed)))
        report += changed
    # The guest's own lines, in the format it prints them, with the counts added.
    report.append("")
    for variant, res in results.items():
        for r in res["rows"]:
            if "instructions" not in r:  # a native reference row: its own counts
                r = dict(r, hypercalls=r.get("native_hypercalls"), traps=r.get("native_traps"),
                         upcalls=r.get("native_upcalls"))
            report.append("bench[%s]: %s instructions=%s native=%s hypercalls_per_op=%s "
                          "traps_per_op=%s upcalls_per_op=%s" % (
                              variant, r["name"], fmt(r.get("instructions"), 3),
                              fmt(r.get("native"), 3), fmt(r.get("hypercalls"), 4),
                              fmt(r.get("traps"), 4), fmt(r.get("upcalls"), 4)))
    text = "\n".join(report) + "\n"
    sys.stdout.write(text)
    os.makedirs(os.path.dirname(os.path.abspath(out_txt)), exist_ok=True)
    with open(out_txt, "w") as f:
        f.write(text)
    with open(out_json, "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    print("bench: wrote %s and %s" % (out_txt, out_json))
    return 0


if __name__ == "__main__":
    sys.exit(main())
