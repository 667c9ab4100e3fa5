"""Tests of the harness itself: the guest packer and the runner's checks
of its inputs (no QEMU needed)."""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "harness"))
import guestpack  # noqa: E402
import xenrun  # noqa: E402

XENRUN = os.path.join(HERE, "harness", "xenrun.py")


def fake_bzimage():
    data = bytearray(0x400)
    data[0x202:0x206] = b"HdrS"
    return bytes(data)


class GuestPackTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def path(self, name, data=None):
        p = os.path.join(self.dir, name)
        if data is not None:
            with open(p, "wb") as f:
                f.write(data)
        return p

    def test_archive_lists_members_with_cpio(self):
        kernel = self.path("bz", fake_bzimage())
        initrd = self.path("rd", b"initrd-bytes")
        out = self.path("guest.cpio")
        guestpack.pack(out, kernel, initrd, "console=ttyS0 root=/dev/ram")
        listing = subprocess.run(["cpio", "-it", "--quiet"], stdin=open(out, "rb"),
                                 stdout=subprocess.PIPE, check=True).stdout.decode().split()
        self.assertEqual(listing, ["kernel", "initrd", "cmdline"])
        extract = os.path.join(self.dir, "x")
        os.mkdir(extract)
        subprocess.run(["cpio", "-id", "--quiet"], stdin=open(out, "rb"), cwd=extract, check=True)
        with open(os.path.join(extract, "cmdline")) as f:
            self.assertEqual(f.read(), "console=ttyS0 root=/dev/ram")
        with open(os.path.join(extract, "kernel"), "rb") as f:
            self.assertEqual(f.read(), fake_bzimage())

    def test_missing_guest_is_named(self):
        with self.assertRaisesRegex(guestpack.PackError, "does not exist"):
            guestpack.pack(self.path("o"), self.path("nope"))

    def test_garbage_guest_is_refused(self):
        with self.assertRaisesRegex(guestpack.PackError, "neither an ELF vmlinux nor a bzImage"):
            guestpack.pack(self.path("o"), self.path("junk", b"MZ" + b"\0" * 1000))

    def test_empty_guest_is_refused(self):
        with self.assertRaisesRegex(guestpack.PackError, "is empty"):
            guestpack.pack(self.path("o"), self.path("empty", b""))

    def test_directory_guest_is_refused(self):
        with self.assertRaisesRegex(guestpack.PackError, "not a regular file"):
            guestpack.pack(self.path("o"), self.dir)

    def test_missing_initrd_is_named(self):
        with self.assertRaisesRegex(guestpack.PackError, "INITRD .* does not exist"):
            guestpack.pack(self.path("o"), self.path("bz", fake_bzimage()), self.path("none"))

    def test_elf_magic_is_recognised(self):
        self.assertEqual(guestpack.kernel_kind(b"\x7fELF" + b"\0" * 60), "elf")
        self.assertEqual(guestpack.kernel_kind(fake_bzimage()), "bzimage")
        self.assertIsNone(guestpack.kernel_kind(b"\0" * 100))


class XenRunInputTest(unittest.TestCase):
    def run_cli(self, *args):
        return subprocess.run([sys.executable, XENRUN, "--xen", "/dev/null", "--wedge",
                               "/dev/null", "--quiet", *args], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=30)

    def test_bad_guest_path_fails_clearly(self):
        p = self.run_cli("--guest", "/nonexistent/bzImage")
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"GUEST '/nonexistent/bzImage' does not exist", p.stderr)

    def test_bad_memory_size_fails_clearly(self):
        p = self.run_cli("--mem", "lots")
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"use a number with M or G", p.stderr)

    def test_missing_xen_binary_is_named(self):
        r = xenrun.run("/nonexistent/xen", "/nonexistent/wedge.elf")
        self.assertEqual(r.verdict, "setup-error")
        self.assertIn("missing Xen hypervisor", r.detail)

    def test_exit_status_decoding(self):
        self.assertEqual(xenrun.classify(33, [], 10, False).verdict, "pass")
        self.assertEqual(xenrun.classify(39, [], 10, False).verdict, "wedge-bug")
        self.assertEqual(xenrun.classify(0, [], 10, False).verdict, "qemu-error")
        t = xenrun.classify(None, ["a", "last words", ""], 10, False)
        self.assertEqual(t.verdict, "timeout")
        self.assertIn("last console line: last words", t.detail)
        self.assertEqual(xenrun.classify(None, ["(XEN) Panic on CPU 0:"], 10, True).verdict,
                         "xen-panic")


if __name__ == "__main__":
    unittest.main()
