#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench: build ntsection.ko for Debian's stock 6.12 kernel (or the one
# BENCH_KERNEL names: stock-6.12, stock-6.1), boot it in QEMU and run
# tools/bench/bench.c there: sections and views, through the raw ioctls and
# through libntsection, against memfd, shm_open and a huge tmpfs in the same
# guest. Prints the table and the "bench: ..." lines, and keeps them in
# build/bench-<kernel>/bench.txt.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

want=${BENCH_KERNEL:-stock-6.12}
start=$(date +%s)
"$NTS_TOP/tools/vm/deps.sh"
read -r _ image kdir < <(nts_stock_kernels | grep "^$want ") ||
	nts_die "no kernel $want (BENCH_KERNEL: stock-6.12 or stock-6.1; run: make deps)"
out=$NTS_OUT/bench-$want
nts_log "building ntsection.ko for $(basename "$image")"
"$NTS_TOP/tools/vm/build-module.sh" "$kdir" "$out" || nts_die "module build failed: $out/build.log"

# The benchmark is the guest's only program: an empty USERDIR, and -r.
rm -rf "$out/userspace" "$out/guest"
mkdir -p "$out/userspace/bin"
# bench links libntsection statically (the lib-* figures), built as
# build-userspace.sh builds it for lib_test.
make -s -C "$NTS_TOP/tools/lib" O="$out/lib" CC="${CC:-gcc}" LDFLAGS=-static all
${CC:-gcc} -O2 -Wall -Werror -static -pthread -D_GNU_SOURCE -I"$NTS_TOP/uapi" \
	-I"$NTS_TOP/tools/lib" -o "$out/bench" "$NTS_TOP/tools/bench/bench.c" \
	"$out/lib/libntsection.a"

nts_log "booting $want and running the benchmark (QEMU; about 3 minutes under TCG)"
"$NTS_TOP/tools/vm/run-guest.sh" -r "$out/bench" -k "$image" -m "$out/modules" \
	-u "$out/userspace" -o "$out/guest" -t "${GUEST_TIMEOUT:-600}"
log=$out/guest/tests.log
[ -f "$log" ] || nts_die "the guest wrote no output (see $out/guest/console.log)"
grep -v '^ntsection-guest: \(start\|done\|bench rc=\)' "$log" |
	sed 's/^ntsection-guest: /guest: /' | tee "$out/bench.txt"
nts_log "wall time: $(( $(date +%s) - start )) s; results in $out/bench.txt"
if ! grep -q '^ntsection-guest: bench rc=0' "$log"; then
	tail -n 20 "$out/guest/console.log" >&2 || true
	nts_die "the benchmark did not complete (logs in $out/guest)"
fi
