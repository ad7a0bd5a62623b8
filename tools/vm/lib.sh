# SPDX-License-Identifier: GPL-2.0-only
# Shared helpers for the ntsection test bench. Sourced, not run.

NTS_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NTS_CACHE=${NTSECTION_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ntsection}
NTS_OUT=${NTSECTION_OUT:-$NTS_TOP/build}
NTS_JOBS=${JOBS:-$(nproc)}

nts_log() { printf '[ntsection] %s\n' "$*" >&2; }
nts_die() { printf '[ntsection] error: %s\n' "$*" >&2; exit 1; }

# Version of an installed Debian package, or empty.
nts_pkgver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }

# The extracted linux-source-6.12 tree (cached, keyed by package version).
nts_kernel_source() {
	local ver tarball dir
	ver=$(nts_pkgver linux-source-6.12)
	[ -n "$ver" ] || nts_die "linux-source-6.12 is not installed (run: make deps)"
	tarball=/usr/src/linux-source-6.12.tar.xz
	dir=$NTS_CACHE/src/$ver
	if [ ! -f "$dir/.ntsection-extracted" ]; then
		nts_log "extracting $tarball into $dir"
		rm -rf "$dir"
		mkdir -p "$dir"
		tar -C "$dir" --strip-components=1 -xf "$tarball" || nts_die "extracting $tarball"
		touch "$dir/.ntsection-extracted"
	fi
	printf '%s\n' "$dir"
}

# Stock Debian kernels: "name vmlinuz headers-dir" per line.
nts_stock_kernels() {
	local k
	for k in /boot/vmlinuz-6.1.*-amd64 /boot/vmlinuz-6.12.*-amd64; do
		[ -f "$k" ] || continue
		local rel=${k#/boot/vmlinuz-}
		local name
		case $rel in
		6.1.*) name=stock-6.1 ;;
		6.12.*) name=stock-6.12 ;;
		esac
		printf '%s %s %s\n' "$name" "$k" "/lib/modules/$rel/build"
	done
}
