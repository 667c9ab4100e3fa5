#!/usr/bin/env python3
"""Pack a guest kernel, optional initrd and command line into the one module
Xen hands the wedge: a newc cpio archive with the members

    kernel    the guest kernel, an ELF vmlinux or a bzImage (required)
    initrd    the initial ramdisk (optional)
    cmdline   the kernel command line as text (optional)

The same archive can be made with standard tools:
    (cd dir && printf '%s\\n' kernel initrd cmdline | cpio -o -H newc) > guest.cpio
"""
import os
import struct
import sys

MEMBER_ORDER = ("kernel", "initrd", "cmdline")


class PackError(Exception):
    pass


def kernel_kind(data):
    """'elf', 'bzimage', or None."""
    if data[:4] == b"\x7fELF":
        return "elf"
    if len(data) > 0x206 and data[0x202:0x206] == b"HdrS":
        return "bzimage"
    return None


def _newc_member(name, data, ino):
    namez = name.encode() + b"\0"
    fields = [ino, 0o100644, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(namez), 0]
    header = b"070701" + b"".join(b"%08X" % v for v in fields)
    out = header + namez
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def build(members):
    """members: list of (name, bytes) -> newc archive bytes."""
    out = b""
    for ino, (name, data) in enumerate(members, 1):
        out += _newc_member(name, data, ino)
    out += _newc_member("TRAILER!!!", b"", 0)
    out += b"\0" * (-len(out) % 512)
    return out


def _read(path, what):
    if not os.path.exists(path):
        raise PackError("%s '%s' does not exist" % (what, path))
    if not os.path.isfile(path):
        raise PackError("%s '%s' is not a regular file" % (what, path))
    with open(path, "rb") as f:
        data = f.read()
    if not data:
        raise PackError("%s '%s' is empty" % (what, path))
    return data


def pack(out_path, kernel=None, initrd=None, cmdline=None):
    if not kernel:
        raise PackError("no guest kernel given (GUEST=path/to/bzImage or vmlinux)")
    kdata = _read(kernel, "GUEST")
    if kernel_kind(kdata) is None:
        raise PackError("GUEST '%s' is neither an ELF vmlinux nor a bzImage "
                        "(no ELF magic, no 'HdrS' at 0x202)" % kernel)
    members = [("kernel", kdata)]
    if initrd:
        members.append(("initrd", _read(initrd, "INITRD")))
    if cmdline:
        members.append(("cmdline", cmdline.encode()))
    with open(out_path, "wb") as f:
        f.write(build(members))


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd")
    ap.add_argument("--cmdline")
    a = ap.parse_args()
    try:
        pack(a.output, a.kernel, a.initrd, a.cmdline)
    except PackError as e:
        print("guestpack: %s" % e, file=sys.stderr)
        sys.exit(2)
