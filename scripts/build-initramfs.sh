#!/bin/sh
# Builds the test userland (userland/: a libc-free runtime, /init, a tiny
# shell, a few tools and the selftest, all this project's own code) and
# packs it with userland/mkcpio.py into a gzipped newc initramfs for a
# 32-bit Linux guest.  Needs no root: device nodes are written straight
# into the archive.
#
# usage: build-initramfs.sh OUT.cpio.gz
#   USERLAND_BUILD=dir  where objects and programs go (default build/userland;
#                       bin/ with symbols, stripped/ as packed)
#   CROSS=prefix        the toolchain (default i686-linux-gnu-)
#
# A program NAME is userland/NAME.c plus any userland/NAME_*.c and
# userland/NAME_*.S, linked with everything in userland/lib/.
#
# The flag and object lists are split into words on purpose, so paths must
# not hold spaces.
# shellcheck disable=SC2086
set -eu

out=${1:?usage: build-initramfs.sh OUT.cpio.gz}
root=$(cd "$(dirname "$0")/.." && pwd)
src=$root/userland
build=${USERLAND_BUILD:-$root/build/userland}
cc=${CROSS:-i686-linux-gnu-}gcc
readelf=${CROSS:-i686-linux-gnu-}readelf
strip=${CROSS:-i686-linux-gnu-}strip
programs="init sh ls cat uname true ps selftest"

die() { echo "build-initramfs: $*" >&2; exit 1; }
command -v "$cc" >/dev/null || die "missing $cc (package gcc-i686-linux-gnu)"
for tool in "$readelf" "$strip"; do
	command -v "$tool" >/dev/null || die "missing $tool (package binutils-i686-linux-gnu)"
done
command -v python3 >/dev/null || die "missing python3"

# Freestanding: no libc headers or libraries, only GCC's own and libgcc.
cflags="-std=gnu11 -m32 -march=i686 -O2 -g -ffreestanding -fno-pie -fno-pic
	-fno-stack-protector -fno-common -fno-asynchronous-unwind-tables
	-fno-tree-loop-distribute-patterns -ffunction-sections -fdata-sections
	-Wall -Wextra -Werror -nostdinc -isystem $($cc -print-file-name=include) -I$src"
asflags="-m32 -march=i686 -nostdinc -I$src"
ldflags="-m32 -static -nostdlib -no-pie -Wl,--gc-sections -Wl,-z,noseparate-code
	-Wl,--build-id=none -Wl,-e,_start"
libgcc=$($cc -print-libgcc-file-name)

mkdir -p "$build/obj/lib" "$build/bin" "$build/stripped"

# compile SOURCE: prints the object's path
compile() {
	rel=${1#"$src"/}
	object=$build/obj/${rel%.*}.o
	case $1 in
	*.S) $cc $asflags -c "$1" -o "$object" ;;
	*) $cc $cflags -c "$1" -o "$object" ;;
	esac
	echo "$object"
}

# A static ELF32 executable with no interpreter and one or two PT_LOADs.
check_executable() {
	headers=$($readelf -hlW "$1")
	echo "$headers" | grep -q 'Type:[[:space:]]*EXEC' || die "$1: not ET_EXEC"
	echo "$headers" | grep -q 'Class:[[:space:]]*ELF32' || die "$1: not ELF32"
	! echo "$headers" | grep -q INTERP || die "$1: has an interpreter"
	loads=$(echo "$headers" | grep -c '^[[:space:]]*LOAD' || true)
	if [ "$loads" -lt 1 ] || [ "$loads" -gt 2 ]; then
		die "$1: $loads PT_LOAD segments"
	fi
}

lib_objects=
for f in "$src"/lib/*.c "$src"/lib/*.S; do
	lib_objects="$lib_objects $(compile "$f")"
done

for p in $programs; do
	objects=$(compile "$src/$p.c")
	for f in "$src/${p}"_*.c "$src/${p}"_*.S; do
		[ -e "$f" ] && objects="$objects $(compile "$f")"
	done
	$cc $ldflags -o "$build/bin/$p" $objects $lib_objects "$libgcc"
	check_executable "$build/bin/$p"
	$strip -o "$build/stripped/$p" "$build/bin/$p"
done

list=$build/initramfs.list
{
	echo "dir /bin 0755"
	echo "dir /dev 0755"
	echo "dir /proc 0555"
	echo "dir /sys 0555"
	echo "dir /tmp 1777"
	echo "dir /root 0700"
	echo "chardev /dev/console 0600 5 1"
	echo "chardev /dev/null 0666 1 3"
	echo "file /init $build/stripped/init 0755"
	for p in $programs; do
		[ "$p" = init ] || echo "file /bin/$p $build/stripped/$p 0755"
	done
} >"$list"

mkdir -p "$(dirname "$out")"
python3 "$src/mkcpio.py" --gzip "$list" "$out"
echo "build-initramfs: $out ($(wc -c <"$out") bytes): /init and /bin/{$(echo "$programs" |
	sed 's/^init //; s/ /,/g')}"
