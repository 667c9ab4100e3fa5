#!/usr/bin/env python3
"""Integration cases: each boots the real Xen and the wedge in QEMU and
checks how the run ended and what the console said.

A case is (name, options, expected verdict, expected console patterns).
Patterns are regular expressions searched line by line.
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "harness"))
import xenrun  # noqa: E402

BOOT_LINES = [
    r"^vmiwedge \S+: VMI option ROM and afterburner wedge for Xen$",
    r"^xen: start_info: magic xen-3\.0-x86_32p, \d+ pages",
    r"^selftest: timer event received after \d+ us",
    r"^counter timer_virq [1-9]\d* \d+$",
    r"^counters: end$",
]

CASES = [
    ("boot/banner-start-info-timer", {}, "pass", BOOT_LINES + [r"^wedge: exit pass"]),
    ("boot/int3-resumes", {"wedge_args": "selftest=int3"}, "pass",
     [r"^selftest: int3 trapped and resumed$", r"^counter trap_03_BP 1 \d+$"]),
    ("rom/install-init-reloc-call", {"wedge_args": "selftest=rom"}, "pass",
     [r"^selftest: rom ok: installed image sums to zero$",
      r"^selftest: rom ok: Linux's probe accepts it",
      r"^rom: VMI_Init: ROM activated at 0x[0-9a-f]{8}, [1-9]\d* relocations fixed by",
      r"^selftest: rom ok: VMI_Init returns 0 and activates$",
      r"^selftest: rom ok: GetRelocationInfo answers every number",
      r"^selftest: rom ok: RDTSC through the relocated stub$",
      r"^counter vmi_RDTSC 1 \d+$", r"^counter vmi_Init 1 \d+$",
      r"^counter vmi_GetRelocationInfo 82 \d+$"]),
    ("trap/ud2-register-dump", {"wedge_args": "selftest=ud2"}, "wedge-bug",
     [r"^trap: vector 6 \(UD\) error 0x0 at e019:f4[0-9a-f]{6}",
      r"^  eax [0-9a-f]{8} ebx", r"^  code: 0f 0b", r"^  backtrace: 0xf4",
      r"^wedge bug: unexpected UD fault inside the wedge", r"^counter trap_06_UD 1 \d+$",
      r"^wedge: exit wedge-bug"]),
    ("trap/pagefault-cr2", {"wedge_args": "selftest=pagefault"}, "wedge-bug",
     [r"^trap: vector 14 \(PF\) error 0x0 at .* cr2 00001000$", r"^  code: a1 00 10 00 00"]),
    ("exit/bug-on", {"wedge_args": "selftest=bug"}, "wedge-bug",
     [r"^wedge bug: wedge/selftest\.c:\d+: BUG_ON"]),
    ("bad-input/unknown-option", {"wedge_args": "frobnicate=1"}, "bad-input",
     [r"^bad input: wedge command line: unknown option 'frobnicate'"]),
    ("bad-input/mem-without-unit", {"wedge_args": "mem=64"}, "bad-input",
     [r"^bad input: wedge command line: mem=64: expected a size with a unit"]),
    ("bad-input/unknown-selftest", {"wedge_args": "selftest=nosuch"}, "bad-input",
     [r"^bad input: selftest=nosuch: unknown"]),
    ("harness/hang-times-out", {"wedge_args": "selftest=hang", "timeout": 6}, "timeout",
     [r"^selftest: running 'hang'$"]),
]


GUEST_CASES = ["boot-gdt-ljmp-lss", "paging-on-high", "cpuid-vendor", "rom-found",
               "rom-license-gpl", "cs-rpl-before-init", "vmi-init-returns-0", "cs-rpl-after-init",
               "reloc-every-call-answered", "reloc-targets-inside-rom", "reloc-stable",
               "patch-rdtsc-call", "patch-iodelay-nop", "patch-none-left-native",
               "rom-image-matches",
               "irq-flag-preserves-registers", "irq-mask-follows-enable-disable",
               "gdt-set-get-round-trip", "gdt-write-entry-load-fs", "idt-set-get-round-trip",
               "tr-set-get", "ldt-null-set-get", "cr0-ts-set-clts", "cr2-set-get",
               "cr3-returns-guest-root", "cr4-pae-matches-build", "dr-set-get",
               "cpuid-rom-hides-features",
               "trap-de-frame", "trap-bp-frame", "trap-ud-frame", "trap-gp-frame",
               "trap-pf-frame", "trap-nm-when-ts", "trap-frame-virtual-if",
               "mmu-map-new-page", "mmu-alias-write-read", "mmu-unmap-faults",
               "mmu-remap-invalpage", "mmu-flush-tlb-user", "mmu-accessed-dirty",
               "mmu-accessed-dirty-rearm", "mmu-second-address-space",
               "user-int80-round-trip", "user-int80-frame", "user-ud2-traps-to-kernel",
               "user-cli-gp", "user-page-read-kernel-page-pf", "user-wedge-range-pf",
               "time-cycle-frequency", "time-cycle-counter-increases",
               "time-wallclock-after-2020", "pic-program-imr-readback", "time-alarm-oneshot",
               "time-alarm-periodic", "time-alarm-cancel", "time-pic-mask-delays",
               "uart-scratch-round-trip", "uart-loopback", "uart-iir-thre", "uart-thre-irq4",
               "trap-nested-fault", "irq-at-enable", "irq-at-iret", "irq-during-rom-call",
               "acpi-tables", "uart-counters-hotkey", "xsave-enable", "cpuid-native-vs-rom",
               "gdt-stale-data-selector", "gdt-live-cs-kept"]

# uart-counters-hotkey: the guest asks for the wedge's counters hot key
# (Ctrl-], wedge/uart.h) and idles; the harness types it.
HOTKEY_PROMPT = r"^guest: info press the counters hot key now$"
HOTKEY = "\x1d"


def hotkey_tables(lines):
    """The hot key printed a counter table while the guest ran, and the
    table at the end still counts exactly one press."""
    begins = [i for i, line in enumerate(lines) if line.startswith("counters: begin")]
    if len(begins) < 2:
        return "%d 'counters: begin' line(s), want at least 2 (the hot key's and the end's)" \
            % len(begins)
    final = lines[begins[-1]:]
    if not any(re.match(r"^counter console_hotkey 1 \d+$", line) for line in final):
        return "the last counter table has no 'counter console_hotkey 1' line"
    return None


def guest_case(variant):
    return ("guest/%s" % variant,
            {"guest": "guest/guest-%s.elf" % variant, "script": [(HOTKEY_PROMPT, HOTKEY)],
             "log_checks": [hotkey_tables]}, "pass",
            [r"^guest: pass %s$" % re.escape(c) for c in GUEST_CASES] +
            [r"^guest: %d passed, 0 failed$" % len(GUEST_CASES),
             r"^vmi: VMI_Init: the guest kernel now runs at ring 1",
             r"^counter vmi_Init 1 \d+$", r"^counter vmi_RDTSC 1 \d+$",
             r"^counters: begin \d+$", r"^counter console_hotkey 1 \d+$"])


CASES += [guest_case("pae"), guest_case("nopae")]


def truncated_guest(build):
    with open(os.path.join(build, "guest", "guest-pae.elf"), "rb") as f:
        return f.read(100)


def elf64_header(build):
    data = bytearray(open(os.path.join(build, "guest", "guest-pae.elf"), "rb").read(4096))
    data[4] = 2  # ELFCLASS64
    return bytes(data)


def old_bzimage(build):
    data = bytearray(4096)
    data[0x1F1] = 4
    data[0x1FE:0x200] = b"\x55\xaa"
    data[0x202:0x206] = b"HdrS"
    data[0x206:0x208] = (0x0204).to_bytes(2, "little")
    data[0x211] = 1
    return bytes(data)


# Modules the packer would refuse, built raw, to test the wedge's own checks.
RAW_MODULES = {
    "truncated-elf": lambda b: [("kernel", truncated_guest(b))],
    "elf64": lambda b: [("kernel", elf64_header(b))],
    "old-boot-protocol": lambda b: [("kernel", old_bzimage(b))],
    "no-kernel-member": lambda b: [("initrd", b"just an initrd")],
    "not-cpio": None,
}

CASES += [
    ("bad-input/truncated-elf", {"raw": "truncated-elf"}, "bad-input",
     [r"^bad input: ELF segment 0: file range .* lies outside the 100-byte image \(truncated\?\)"]),
    ("bad-input/64-bit-kernel", {"raw": "elf64"}, "bad-input",
     [r"^bad input: kernel is a 64-bit ELF: vmiwedge runs 32-bit i386 kernels"]),
    ("bad-input/old-boot-protocol", {"raw": "old-boot-protocol"}, "bad-input",
     [r"^bad input: bzImage boot protocol 2\.04 is older than 2\.05"]),
    ("bad-input/no-kernel-member", {"raw": "no-kernel-member"}, "bad-input",
     [r"^bad input: module: no member named 'kernel'"]),
    ("bad-input/module-not-cpio", {"raw": "not-cpio"}, "bad-input",
     [r"^bad input: module: not a newc cpio archive"]),
    ("bad-input/initrd-too-large", {"guest": "guest/guest-pae.elf", "initrd_bytes": 100 << 20,
                                    "mem": "160M"}, "bad-input",
     [r"^bad input: initrd of \d+ bytes does not fit"]),
    ("bad-input/module-leaves-no-ram", {"guest": "guest/guest-pae.elf",
                                        "initrd_bytes": 100 << 20, "mem": "128M"}, "bad-input",
     [r"^bad input: the domain has \d+ free frames; the guest needs at least 16 MiB"]),
]


def make_module(build, name, opts):
    """A newc module for opts' guest (and initrd/cmdline), or None."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "harness"))
    import guestpack
    out = os.path.join(build, "test-logs", name.replace("/", "_") + ".cpio")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    if "raw" in opts:
        members = RAW_MODULES[opts["raw"]]
        with open(out, "wb") as f:
            f.write(guestpack.build(members(build)) if members else b"garbage " * 64)
        return out
    if "guest" not in opts:
        return opts.get("module")
    initrd = None
    if "initrd_bytes" in opts:
        initrd = out + ".initrd"
        with open(initrd, "wb") as f:
            f.truncate(opts["initrd_bytes"])
    guestpack.pack(out, os.path.join(build, opts["guest"]), initrd or opts.get("initrd"),
                   opts.get("cmdline"))
    return out


def run_case(build, name, opts, verdict, patterns):
    """opts may also hold "script", a list of (regex, text) typed on the
    console when a line matches (xenrun.run's script), and "log_checks",
    functions of the console lines that return a problem or None."""
    log = os.path.join(build, "test-logs", name.replace("/", "_") + ".log")
    opts = dict(opts, module=make_module(build, name, opts))
    r = xenrun.run(os.path.join(build, "xen", "xen"), os.path.join(build, "vmiwedge.elf"),
                   wedge_args=opts.get("wedge_args", ""), module=opts.get("module"),
                   mem=opts.get("mem", "256M"), timeout=opts.get("timeout", 30), log_path=log,
                   script=opts.get("script"))
    problems = []
    if r.verdict != verdict:
        problems.append("ended '%s' (%s), expected '%s'" % (r.verdict, r.detail, verdict))
    for pat in patterns:
        rx = re.compile(pat)
        if not any(rx.search(line) for line in r.lines):
            problems.append("no console line matches /%s/" % pat)
    for check in opts.get("log_checks", []):
        problem = check(r.lines)
        if problem:
            problems.append(problem)
    if verdict == "timeout" and r.verdict == "timeout" and "last console line" not in r.detail:
        problems.append("timeout message does not name the last console line")
    return problems, log


def cases():
    return CASES


if __name__ == "__main__":
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    failed = 0
    for name, opts, verdict, pats in CASES:
        problems, log = run_case(build, name, opts, verdict, pats)
        print("%s %s%s" % ("PASS" if not problems else "FAIL", name,
                           "" if not problems else ": " + "; ".join(problems)))
        failed += bool(problems)
    sys.exit(1 if failed else 0)
