#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build ntsection's modules for one kernel, out of the source tree, with
# W=1 and sparse (C=1). Usage: build-module.sh KDIR OUTDIR
# Leaves OUTDIR/modules/*.ko and OUTDIR/build.log; exits non-zero when the
# build fails or prints any warning.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kdir=${1:?usage: build-module.sh KDIR OUTDIR}
out=${2:?usage: build-module.sh KDIR OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
[ -e "$kdir/Makefile" ] || nts_die "no kernel build directory at $kdir"

src=$out/src
rm -rf "$src" "$out/modules"
mkdir -p "$src/include" "$out/modules"
# Sources only: never the objects of an in-tree build for another kernel.
(cd "$NTS_TOP" && find Kbuild module uapi include samples -type f \( -name '*.[ch]' -o -name Kbuild \) -print0 |
	xargs -0 cp --parents -t "$src")
log=$out/build.log
rc=0
make -C "$kdir" M="$src" W=1 C=1 -j"$NTS_JOBS" modules >"$log" 2>&1 || rc=$?
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
