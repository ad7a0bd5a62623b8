#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make stress DURATION=SECONDS [STRESS_KERNEL=debug|stock-6.12|stock-6.1]:
# the concurrency stress test alone, for as long as asked, on the debug
# kernel (KASAN, lockdep, kmemleak) or on a stock kernel (no debugging
# options, so some thirty times the operations in the same time).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

duration=${DURATION:-600}
kernel=${STRESS_KERNEL:-debug}
"$NTS_TOP/tools/vm/deps.sh"
ksrc=$(nts_kernel_source)
if [ "$kernel" = debug ]; then
	kdir=$("$NTS_TOP/tools/vm/debug-kernel.sh")
	image=$kdir/arch/x86/boot/bzImage
else
	read -r _ image kdir < <(nts_stock_kernels | grep "^$kernel ") ||
		nts_die "STRESS_KERNEL: no kernel $kernel (debug, stock-6.12 or stock-6.1)"
fi
out=$NTS_OUT/stress-$kernel
"$NTS_TOP/tools/vm/build-module.sh" "$kdir" "$out" || nts_die "module build failed: $out/build.log"
"$NTS_TOP/tools/vm/build-userspace.sh" "$out/userspace"
prog=$out/userspace/tests/stress_test
[ -x "$prog" ] || nts_die "no stress test was built"
nts_log "stress for $duration s on the $kernel kernel"
rm -rf "$out/guest"
"$NTS_TOP/tools/vm/run-guest.sh" -k "$image" -m "$out/modules" \
	-u "$out/userspace" -o "$out/guest" -r "$prog" -S "$duration" -t $((duration + 900))
grep -v '^ntsection-guest:' "$out/guest/tests.log" | grep -E '^(# (seed|operations)|ok|not ok|1\.\.)' || true
python3 "$ksrc/tools/testing/kunit/kunit.py" parse <"$out/guest/tests.log" >"$out/parse.log" 2>&1 ||
	{ cat "$out/parse.log"; nts_die "the stress test failed (logs: $out/guest)"; }
: >"$out/results.txt"
python3 "$NTS_TOP/tools/vm/judge.py" "$kernel" "$out/guest" "$ksrc" "$out/results.txt" >/dev/null
if grep -E '^FAIL .*(console-clean|guest-finished)' "$out/results.txt"; then
	nts_die "the guest did not stay clean (logs: $out/guest)"
fi
grep -q '^ntsection-guest: stress_test rc=0' "$out/guest/tests.log" ||
	nts_die "the stress test failed (logs: $out/guest)"
nts_log "stress passed: $duration s, console clean"
