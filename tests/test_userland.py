"""The test userland builds from the repository alone and is laid out as
init expects: static 32-bit executables without an interpreter, and the
device nodes the kernel needs before devtmpfs."""
import gzip
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "harness"))


def newc_entries(data):
    """(name, mode, body, (rdev major, minor)) for each newc member."""
    off, out = 0, []
    while True:
        hdr = data[off:off + 110]
        assert hdr[:6] == b"070701", "not newc at %d" % off
        fields = [int(hdr[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
        mode, size, namesize = fields[1], fields[6], fields[11]
        name = data[off + 110:off + 110 + namesize - 1].decode()
        body_off = (off + 110 + namesize + 3) & ~3
        if name == "TRAILER!!!":
            return out
        out.append((name, mode, data[body_off:body_off + size], (fields[9], fields[10])))
        off = (body_off + size + 3) & ~3


class UserlandTest(unittest.TestCase):
    def test_initramfs_layout(self):
        out = os.path.join(tempfile.mkdtemp(), "initramfs.cpio.gz")
        subprocess.run([os.path.join(ROOT, "scripts", "build-initramfs.sh"), out], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        members = newc_entries(gzip.open(out).read())
        entries = {n: (m, b) for n, m, b, _ in members}
        devices = {n: d for n, _, _, d in members}
        for prog in ("init", "bin/sh", "bin/ls", "bin/cat", "bin/uname", "bin/selftest"):
            mode, body = entries[prog]
            self.assertEqual(body[:4], b"\x7fELF", prog)
            self.assertEqual(body[4], 1, prog + " is not 32-bit")
            self.assertEqual(int.from_bytes(body[16:18], "little"), 2, prog + " not ET_EXEC")
            self.assertNotIn(b"/lib/ld-linux", body, prog + " wants a dynamic loader")
            self.assertTrue(mode & 0o111, prog + " is not executable")
        console_mode = entries["dev/console"][0]
        self.assertEqual(console_mode & 0o170000, 0o020000, "/dev/console is not a char device")
        self.assertEqual(devices["dev/console"], (5, 1))


if __name__ == "__main__":
    unittest.main()
