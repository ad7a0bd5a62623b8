#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build (or reuse) the ntsection debug kernel from linux-source-6.12 plus
# tools/vm/debug-kernel.config. The build lives in the cache, keyed by the
# source package version and the fragment's hash, so only a cold run pays.
# Prints the build directory (usable as KDIR) on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

frag=$NTS_TOP/tools/vm/debug-kernel.config
src=$(nts_kernel_source)
ver=$(nts_pkgver linux-source-6.12)
hash=$(sha256sum "$frag" | cut -c1-12)
out=$NTS_CACHE/kbuild/$ver-$hash

if [ -f "$out/.ntsection-built" ]; then
	printf '%s\n' "$out"
	exit 0
fi

nts_log "building the debug kernel in $out (cold cache: this takes a while)"
rm -rf "$out"
mkdir -p "$out"
log=$out/build.log
{
	make -C "$src" O="$out" defconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$frag"
	make -C "$src" O="$out" olddefconfig
} >"$log" 2>&1 || { tail -n 30 "$log" >&2; nts_die "configuring the debug kernel"; }

# olddefconfig silently drops options whose dependencies are missing.
missing=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		grep -qxF "$line" "$out/.config" || { nts_log "fragment option lost: $line"; missing=1; }
		;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }
		opt=${opt%% *}
		if grep -q "^$opt=" "$out/.config"; then
			nts_log "fragment option still set: $opt"
			missing=1
		fi
		;;
	esac
done <"$frag"
[ $missing = 0 ] || nts_die "the debug kernel's .config lacks options of $frag"

start=$(date +%s)
make -C "$src" O="$out" -j"$NTS_JOBS" bzImage modules >>"$log" 2>&1 ||
	{ tail -n 40 "$log" >&2; nts_die "building the debug kernel (log: $log)"; }
nts_log "debug kernel built in $(( $(date +%s) - start )) s"
touch "$out/.ntsection-built"
printf '%s\n' "$out"
