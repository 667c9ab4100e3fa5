#!/usr/bin/env python3
"""Write a newc ("070701") cpio archive, optionally gzipped, from a list.

The list says what goes in, one entry a line, with no need for root or
for the files' modes and owners on the build machine:

    dir     PATH MODE                 a directory
    file    PATH SOURCE MODE          a regular file, copied from SOURCE
    chardev PATH MODE MAJOR MINOR     a character device node
    symlink PATH TARGET               a symbolic link

MODE is octal permissions; every entry belongs to root.  Blank lines and
lines starting with '#' are ignored.  Timestamps are 0 and inode numbers
count from 1, so the same input always gives the same archive.

usage: mkcpio.py [--gzip] LIST OUTPUT
"""
import argparse
import gzip
import io
import stat
import sys

NEWC_MAGIC = b"070701"
TRAILER = "TRAILER!!!"


class ListError(Exception):
    pass


def pad4(data):
    return data + b"\0" * (-len(data) % 4)


def newc_entry(ino, name, mode, data=b"", nlink=1, rdev_major=0, rdev_minor=0):
    name_bytes = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev_major, rdev_minor,
              len(name_bytes), 0]
    header = NEWC_MAGIC + b"".join(b"%08X" % f for f in fields)
    return pad4(header + name_bytes) + pad4(data)


def parse_mode(text, lineno):
    try:
        mode = int(text, 8)
    except ValueError:
        raise ListError("line %d: mode %r is not octal" % (lineno, text))
    if mode & ~0o7777:
        raise ListError("line %d: mode %r has more than permission bits" % (lineno, text))
    return mode


def archive_path(path, lineno):
    name = path.strip("/")
    if not name or ".." in name.split("/"):
        raise ListError("line %d: bad archive path %r" % (lineno, path))
    return name


def build(list_lines):
    out = io.BytesIO()
    ino = 0
    for lineno, line in enumerate(list_lines, 1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        kind, args = words[0], words[1:]
        ino += 1
        if kind == "dir" and len(args) == 2:
            out.write(newc_entry(ino, archive_path(args[0], lineno),
                                 stat.S_IFDIR | parse_mode(args[1], lineno), nlink=2))
        elif kind == "file" and len(args) == 3:
            try:
                with open(args[1], "rb") as f:
                    data = f.read()
            except OSError as e:
                raise ListError("line %d: %s" % (lineno, e))
            out.write(newc_entry(ino, archive_path(args[0], lineno),
                                 stat.S_IFREG | parse_mode(args[2], lineno), data))
        elif kind == "chardev" and len(args) == 4:
            try:
                major, minor = int(args[2]), int(args[3])
            except ValueError:
                raise ListError("line %d: device numbers must be decimal" % lineno)
            out.write(newc_entry(ino, archive_path(args[0], lineno),
                                 stat.S_IFCHR | parse_mode(args[1], lineno),
                                 rdev_major=major, rdev_minor=minor))
        elif kind == "symlink" and len(args) == 2:
            out.write(newc_entry(ino, archive_path(args[0], lineno), stat.S_IFLNK | 0o777,
                                 args[1].encode()))
        else:
            raise ListError("line %d: cannot read %r" % (lineno, line.strip()))
    out.write(newc_entry(0, TRAILER, 0, nlink=1))
    return out.getvalue()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gzip", action="store_true", help="gzip the archive (mtime 0)")
    ap.add_argument("list", help="the entry list ('-' for standard input)")
    ap.add_argument("output")
    args = ap.parse_args()
    try:
        if args.list == "-":
            lines = sys.stdin.read().splitlines()
        else:
            with open(args.list) as f:
                lines = f.read().splitlines()
        data = build(lines)
    except (OSError, ListError) as e:
        print("mkcpio: %s" % e, file=sys.stderr)
        return 1
    if args.gzip:
        data = gzip.compress(data, compresslevel=9, mtime=0)
    with open(args.output, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
