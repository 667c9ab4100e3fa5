#!/bin/sh
# Fetches Debian's Xen 4.17 source package through a private apt sources list
# (so /etc/apt is never touched) and builds only the hypervisor, with
# CONFIG_PV32=y, which Debian's own binary lacks.  Everything is cached under
# $XEN_CACHE; a second run with the output present does nothing.
#
# usage: build-xen.sh CACHE_DIR      -> CACHE_DIR/xen-syms, CACHE_DIR/xen (multiboot ELF)
set -eu

cache=${1:?usage: build-xen.sh CACHE_DIR}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
out="$cache/xen"
if [ -s "$out" ]; then
    exit 0
fi

die() { echo "build-xen: $*" >&2; exit 1; }

apt_dir="$cache/apt"
src_dir="$cache/src"
mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial" "$src_dir"

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || die "missing $keyring (package debian-archive-keyring)"
cat > "$apt_dir/sources.list.d/xen-src.sources" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: $keyring

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: $keyring
SRC

apt_opts="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$apt_dir/sources.list.d
 -o Dir::State::Lists=$apt_dir/lists -o Dir::Cache=$apt_dir/cache -o APT::Sandbox::User=root
 -o Debug::NoLocking=1"
mkdir -p "$apt_dir/cache/archives/partial"

orig=$(ls "$src_dir"/xen_4.17*.orig.tar.* 2>/dev/null | head -n1 || true)
if [ -z "$orig" ]; then
    echo "build-xen: fetching Debian's xen source package (private sources list)"
    # shellcheck disable=SC2086
    apt-get $apt_opts -q update >"$apt_dir/update.log" 2>&1 ||
        die "apt-get update on the private sources list failed; see $apt_dir/update.log"
    # Pick the newest 4.17 source apt serves; pin nothing.
    # shellcheck disable=SC2086
    versions=$(apt-cache $apt_opts showsrc xen 2>/dev/null | sed -n 's/^Version: //p' | grep '^4\.17' | sort -uV -r || true)
    [ -n "$versions" ] || die "apt serves no xen 4.17 source package (checked bookworm, -updates, -security)"
    for v in $versions; do
        echo "build-xen: trying xen=$v"
        # shellcheck disable=SC2086
        if (cd "$src_dir" && apt-get $apt_opts -q source --download-only "xen=$v") >"$apt_dir/source.log" 2>&1; then
            break
        fi
    done
    orig=$(ls "$src_dir"/xen_4.17*.orig.tar.* 2>/dev/null | head -n1 || true)
    [ -n "$orig" ] || die "could not download any xen 4.17 source; see $apt_dir/source.log"
fi

tree="$cache/xen-tree"
if [ ! -f "$tree/xen/Makefile" ]; then
    echo "build-xen: unpacking $(basename "$orig")"
    rm -rf "$tree" && mkdir -p "$tree"
    tar -xf "$orig" -C "$tree" --strip-components=1
fi

for tool in flex bison python3 gcc make; do
    command -v $tool >/dev/null 2>&1 || die "missing build tool '$tool'"
done

echo "build-xen: configuring (defconfig + CONFIG_PV32=y) and building the hypervisor"
cd "$tree/xen"
make -s defconfig >"$cache/build.log" 2>&1 || die "defconfig failed; see $cache/build.log"
# Keep the stock configuration but make sure 32-bit PV guests are compiled in.
sed -i -e '/^# CONFIG_PV32 is not set/d' -e '/^CONFIG_PV32=/d' .config
echo 'CONFIG_PV32=y' >> .config
make -s olddefconfig >>"$cache/build.log" 2>&1 || die "olddefconfig failed; see $cache/build.log"
grep -q '^CONFIG_PV32=y' .config || die "CONFIG_PV32 did not stick in .config"
jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs" >>"$cache/build.log" 2>&1 || { tail -20 "$cache/build.log" >&2; die "hypervisor build failed; see $cache/build.log"; }
cp .config "$cache/xen.config"
cp xen-syms "$cache/xen-syms"
cp xen "$out.tmp" && mv "$out.tmp" "$out"
echo "build-xen: built $out"
