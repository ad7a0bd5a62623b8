#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Install, from Debian's archive and nowhere else, what building and testing
# ntsection needs. Does nothing when everything is there already.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs=(
	make gcc libc6-dev gcc-multilib python3 cpio busybox-static qemu-system-x86
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64 linux-source-6.12
	bc bison flex libelf-dev libssl-dev dwarves kmod xz-utils sparse pkgconf
	debootstrap debian-archive-keyring util-linux
	gcc-mingw-w64-x86-64 gcc-mingw-w64-i686
	debhelper dh-dkms dkms lintian dpkg-dev fakeroot python3-docutils man-db groff-base
	libsmartcols-dev
	g++ libwine-dev
)
missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} = 0 ] && exit 0

nts_log "installing: ${missing[*]}"
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -q >/dev/null
# The guests boot from our own initramfs: skip building Debian's for the
# kernel images we install (saves minutes).
$SUDO env DEBIAN_FRONTEND=noninteractive INITRD=No \
	apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
