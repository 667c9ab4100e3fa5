#!/usr/bin/env python3
"""Boot Xen and the wedge (plus its one module) in QEMU TCG.

Streams and keeps the serial log, enforces a timeout, and turns the way the
run ended into a verdict: the wedge's exit code through isa-debug-exit, a Xen
panic, a QEMU failure, or a hang (named by the last console line).  Used by
`make run` and, as a module, by the integration tests.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guestpack  # noqa: E402

# include/exit_codes.h: the byte the wedge writes; QEMU exits (code << 1) | 1.
EXIT_NAMES = {
    0x10: "pass",
    0x11: "fail",
    0x12: "guest-fault",
    0x13: "wedge-bug",
    0x14: "bad-input",
    0x15: "poweroff",
    0x16: "reboot",
}

XEN_CMDLINE = ("console=com1 com1=115200,8n1 dom0_mem={mem} dom0_max_vcpus=1 "
               "loglvl=all guest_loglvl=all noreboot")

# Lines after which nothing useful will come: stop waiting.
XEN_FATAL_MARKERS = ("Panic on CPU", "Could not construct domain 0",
                     "Hardware Dom0 halted", "Hardware Dom0 crashed",
                     "Hardware Dom0 shutdown")


class RunResult:
    def __init__(self, verdict, qemu_status, lines, detail):
        self.verdict = verdict          # pass, fail, ..., timeout, xen-panic, qemu-error
        self.qemu_status = qemu_status
        self.lines = lines
        self.detail = detail

    @property
    def log(self):
        return "\n".join(self.lines)

    def last_line(self):
        for line in reversed(self.lines):
            if line.strip():
                return line.strip()
        return "(no console output at all)"


def qemu_command(xen, wedge, wedge_args, module, mem, icount):
    # QEMU's -initrd splits modules on ',' and reads ',,' as a literal comma.
    first = wedge + (" " + wedge_args.replace(",", ",,") if wedge_args else "")
    modules = first + ("," + module.replace(",", ",,") if module else "")
    mem_mib = parse_mem_mib(mem)
    cmd = [
        "qemu-system-x86_64", "-machine", "q35,accel=tcg", "-cpu", "max",
        "-m", str(mem_mib + 256), "-smp", "1", "-display", "none", "-vga", "none",
        "-nic", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        "-kernel", xen, "-append", XEN_CMDLINE.format(mem="%dM" % mem_mib),
        "-initrd", modules,
    ]
    if icount:
        cmd += ["-icount", "shift=0"]
    return cmd


def parse_mem_mib(text):
    units = {"M": 1, "G": 1024}
    text = str(text).strip().upper()
    if text[-1:] in units and text[:-1].isdigit() and int(text[:-1]) > 0:
        return int(text[:-1]) * units[text[-1]]
    raise ValueError("memory size %r: use a number with M or G, like 256M" % text)


def run(xen, wedge, wedge_args="", module=None, mem="256M", timeout=60,
        echo=False, log_path=None, icount=False, script=None, interactive=False):
    """script: list of (regex, text): when a console line matches regex,
    type text on the guest's serial console (in order).  interactive: the
    user's terminal is the console input."""
    for path, what in ((xen, "Xen hypervisor"), (wedge, "wedge ELF")):
        if not os.path.isfile(path):
            return RunResult("setup-error", None, [], "missing %s: %s" % (what, path))
    if not shutil.which("qemu-system-x86_64"):
        return RunResult("setup-error", None, [],
                         "qemu-system-x86_64 not found (package qemu-system-x86)")
    if module and os.path.getsize(module) >= parse_mem_mib(mem) << 20:
        return RunResult("setup-error", None, [],
                         "the module (%d MiB) does not fit in the domain's %s; raise MEM="
                         % (os.path.getsize(module) >> 20, mem))
    cmd = qemu_command(xen, wedge, wedge_args, module, mem, icount)
    proc = subprocess.Popen(cmd, stdin=None if interactive else subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = []
    fatal_seen = threading.Event()
    pending = list(script or [])

    def feed(line):
        while pending and re.search(pending[0][0], line):
            _, text = pending.pop(0)
            try:
                proc.stdin.write(text.encode())
                proc.stdin.flush()
            except OSError:
                pass

    def reader():
        buf = b""
        while True:
            chunk = proc.stdout.read1(4096)
            if not chunk:
                break
            buf += chunk
            while b"\n" in buf:
                raw, buf = buf.split(b"\n", 1)
                line = raw.decode("utf-8", "replace").rstrip("\r")
                lines.append(line)
                if echo:
                    print(line, flush=True)
                if any(m in line for m in XEN_FATAL_MARKERS):
                    fatal_seen.set()
                if pending and not interactive:
                    feed(line)
            if pending and not interactive and buf:
                feed(buf.decode("utf-8", "replace"))
        if buf:
            lines.append(buf.decode("utf-8", "replace"))
            if echo:
                print(lines[-1], flush=True)

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    deadline = time.monotonic() + timeout
    status = None
    while time.monotonic() < deadline:
        status = proc.poll()
        if status is not None:
            break
        if fatal_seen.is_set():
            time.sleep(0.5)  # let Xen finish its report
            break
        time.sleep(0.02)
    if status is None:
        proc.kill()
        proc.wait()
    t.join(timeout=2)
    if log_path:
        os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
        with open(log_path, "w") as f:
            f.write("\n".join(lines) + "\n")

    result = classify(status, lines, timeout, fatal_seen.is_set())
    return result


def classify(status, lines, timeout, fatal):
    if status is None:
        last = next((l.strip() for l in reversed(lines) if l.strip()), "(no console output)")
        if fatal:
            return RunResult("xen-panic", None, lines,
                             "Xen stopped the domain; last line: %s" % last)
        return RunResult("timeout", None, lines,
                         "no exit within %d s; last console line: %s" % (timeout, last))
    if status & 1 and (status >> 1) in EXIT_NAMES:
        code = status >> 1
        return RunResult(EXIT_NAMES[code], status, lines, "wedge exit code 0x%x" % code)
    return RunResult("qemu-error", status, lines,
                     "QEMU exited with status %d without a wedge exit code" % status)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--xen", required=True)
    ap.add_argument("--wedge", required=True)
    ap.add_argument("--wedge-args", default="")
    ap.add_argument("--guest", help="guest kernel: bzImage or ELF vmlinux")
    ap.add_argument("--initrd")
    ap.add_argument("--cmdline", help="the guest kernel's command line")
    ap.add_argument("--module", help="a ready-made module (newc cpio) instead of --guest")
    ap.add_argument("--mem", default="256M", help="guest memory, like 256M")
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("--log")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--icount", action="store_true")
    ap.add_argument("--send", action="append", default=[], metavar="REGEX=TEXT",
                    help="type TEXT (\\n for Enter) once a console line matches REGEX")
    ap.add_argument("--interactive", action="store_true",
                    help="connect your terminal to the guest's console")
    args = ap.parse_args()

    try:
        parse_mem_mib(args.mem)
    except ValueError as e:
        print("xenrun: %s" % e, file=sys.stderr)
        return 2
    module = args.module
    tmpdir = None
    if args.guest or args.initrd or args.cmdline:
        tmpdir = tempfile.mkdtemp(prefix="vmiwedge-")
        module = os.path.join(tmpdir, "guest.cpio")
        try:
            guestpack.pack(module, args.guest, args.initrd, args.cmdline)
        except guestpack.PackError as e:
            print("xenrun: %s" % e, file=sys.stderr)
            return 2
    try:
        script = []
        for item in args.send:
            regex, _, text = item.partition("=")
            script.append((regex, text.encode().decode("unicode_escape")))
        # At a terminal, with nothing scripted, what you type goes to the
        # guest (make run); in CI there is no terminal and no input.
        interactive = args.interactive or (not script and not args.quiet and sys.stdin.isatty())
        r = run(args.xen, args.wedge, args.wedge_args, module, args.mem, args.timeout,
                echo=not args.quiet, log_path=args.log, icount=args.icount, script=script,
                interactive=interactive)
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)
    print("xenrun: %s (%s)%s" % (r.verdict, r.detail,
                                 "; log in %s" % args.log if args.log else ""),
          file=sys.stderr)
    return 0 if r.verdict in ("pass", "poweroff", "reboot") else 1


if __name__ == "__main__":
    sys.exit(main())
