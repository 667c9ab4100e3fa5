#!/bin/sh
# Makes sure the Debian packages the build needs are installed.  As root it
# installs what is missing with apt-get (non-interactive); otherwise it stops
# and names the packages to install.
set -eu

PACKAGES="make gcc libc6-dev python3 qemu-system-x86 gcc-i686-linux-gnu binutils-i686-linux-gnu
 libxen-dev flex bison libcmocka-dev newlib-source cpio xz-utils debian-archive-keyring"

missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *" installed") ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "deps: missing Debian packages:$missing" >&2
    echo "deps: install them with: sudo apt-get install$missing" >&2
    exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get -q update >/dev/null || { echo "deps: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
apt-get -q -y install --no-install-recommends $missing </dev/null ||
    { echo "deps: apt-get install of$missing failed" >&2; exit 1; }
