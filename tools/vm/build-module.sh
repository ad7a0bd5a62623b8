#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build ntsection's modules for one kernel, out of the source tree, with
# W=1 and sparse (C=1). Usage: build-module.sh KDIR OUTDIR [ROOT]
# With ROOT (a build root, see kernel-7x.sh), the build runs chrooted there
# with its compiler, and KDIR is a path inside it.
# Leaves OUTDIR/modules/*.ko and OUTDIR/build.log; exits non-zero when the
# build fails or prints any warning.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kdir=${1:?usage: build-module.sh KDIR OUTDIR [ROOT]}
out=${2:?usage: build-module.sh KDIR OUTDIR [ROOT]}
root=${3:-}
mkdir -p "$out"
out=$(cd "$out" && pwd)
[ -e "$root$kdir/Makefile" ] || nts_die "no kernel build directory at $root$kdir"

# In a build root, the sources go where its compiler can see them.
src=$out/src
[ -z "$root" ] || src=$root/tmp/ntsection-build-$(echo "$out" | sha256sum | cut -c1-12)
rm -rf "$src" "$out/modules"
mkdir -p "$src/include" "$out/modules"
# Sources only: never the objects of an in-tree build for another kernel.
(cd "$NTS_TOP" && find Kbuild module uapi include samples -type f \( -name '*.[ch]' -o -name Kbuild \) -print0 |
	xargs -0 cp --parents -t "$src")
log=$out/build.log
rc=0
if [ -n "$root" ]; then
	# objtool reads /proc: a private mount namespace gets one, chrooted.
	unshare --mount --propagation private -- sh -c '
		mount -t proc proc "$1/proc" && shift &&
		exec chroot "$@"' sh "$root" "$root" /usr/bin/env -i \
		PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp \
		make -C "$kdir" M="${src#"$root"}" W=1 C=1 NTS_SAMPLES=m -j"$NTS_JOBS" modules >"$log" 2>&1 || rc=$?
else
	make -C "$kdir" M="$src" W=1 C=1 NTS_SAMPLES=m -j"$NTS_JOBS" modules >"$log" 2>&1 || rc=$?
fi
cp "$src"/module/*.ko "$src"/samples/*/*.ko "$out/modules/" 2>/dev/null || true
if [ $rc != 0 ]; then
	grep -E "error|warning" "$log" | head -20 >&2 || true
	exit 1
fi
# Anything the compiler or sparse says about our sources is a failure.
if grep -E "(warning|error):" "$log" >&2; then
	exit 1
fi
exit 0
