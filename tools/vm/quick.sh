#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A developer's shortcut: build and run the tests on one kernel only.
# Usage: quick.sh [stock-6.1|stock-6.12|stock-7.x|debug] (default stock-6.12)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

want=${1:-stock-6.12}
ksrc=$(nts_kernel_source)
root=
if [ "$want" = debug ]; then
	dk=$("$NTS_TOP/tools/vm/debug-kernel.sh")
	image=$dk/arch/x86/boot/bzImage kdir=$dk
elif [ "$want" = stock-7.x ]; then
	read -r image kdir root < <("$NTS_TOP/tools/vm/kernel-7x.sh")
else
	read -r _ image kdir < <(nts_stock_kernels | grep "^$want ") || nts_die "no kernel $want"
fi
out=$NTS_OUT/quick-$want
"$NTS_TOP/tools/vm/build-module.sh" "$kdir" "$out" $root || { cat "$out/build.log" >&2; exit 1; }
"$NTS_TOP/tools/vm/build-userspace.sh" "$out/userspace"
rm -rf "$out/guest"
"$NTS_TOP/tools/vm/run-guest.sh" -k "$image" -m "$out/modules" -u "$out/userspace" -o "$out/guest" \
	-t "${GUEST_TIMEOUT:-900}"
: >"$out/results.txt"
python3 "$NTS_TOP/tools/vm/judge.py" "$want" "$out/guest" "$ksrc" "$out/results.txt"
echo "$(grep -c '^PASS' "$out/results.txt") passed, $(grep -c '^FAIL' "$out/results.txt") failed"
! grep -q '^FAIL' "$out/results.txt"
