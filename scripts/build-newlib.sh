#!/bin/sh
# Builds newlib's libc once for freestanding i686 code (the wedge uses its
# string and formatting routines) from Debian's newlib-source package, and
# caches the result.  A second run with the output present does nothing.
#
# usage: build-newlib.sh CACHE_DIR   -> CACHE_DIR/i686-elf/{include,lib/libc.a}
set -eu

cache=${1:?usage: build-newlib.sh CACHE_DIR}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
[ -s "$cache/i686-elf/lib/libc.a" ] && exit 0

die() { echo "build-newlib: $*" >&2; exit 1; }
tarball=$(ls /usr/src/newlib/newlib-*.tar.* 2>/dev/null | head -n1 || true)
[ -n "$tarball" ] || die "no newlib source tarball under /usr/src/newlib (package newlib-source)"
command -v i686-linux-gnu-gcc >/dev/null || die "missing i686-linux-gnu-gcc (package gcc-i686-linux-gnu)"

src="$cache/src"
rm -rf "$src" "$cache/obj" && mkdir -p "$src" "$cache/obj"
echo "build-newlib: unpacking $(basename "$tarball")"
tar -xf "$tarball" -C "$src" --strip-components=1

cd "$cache/obj"
echo "build-newlib: configuring and building libc (about half a minute)"
"$src/configure" --target=i686-elf --prefix="$cache" \
    --disable-multilib --disable-newlib-supplied-syscalls \
    --enable-newlib-nano-formatted-io --disable-newlib-io-float \
    --enable-newlib-reent-small --enable-newlib-io-long-long --disable-nls \
    CC_FOR_TARGET="i686-linux-gnu-gcc -ffreestanding -fno-pie -fno-stack-protector" \
    AR_FOR_TARGET=i686-linux-gnu-ar AS_FOR_TARGET=i686-linux-gnu-as \
    LD_FOR_TARGET=i686-linux-gnu-ld RANLIB_FOR_TARGET=i686-linux-gnu-ranlib \
    NM_FOR_TARGET=i686-linux-gnu-nm >"$cache/build.log" 2>&1 ||
    die "configure failed; see $cache/build.log"
make -j"$(nproc 2>/dev/null || echo 2)" all-target-newlib >>"$cache/build.log" 2>&1 ||
    die "build failed; see $cache/build.log"
make install-target-newlib >>"$cache/build.log" 2>&1 || die "install failed; see $cache/build.log"
[ -s "$cache/i686-elf/lib/libc.a" ] || die "libc.a was not produced"
rm -rf "$src" "$cache/obj"
echo "build-newlib: built $cache/i686-elf/lib/libc.a"
